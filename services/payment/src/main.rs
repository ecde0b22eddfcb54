service_kit::service_main!(payment_service::spec());
