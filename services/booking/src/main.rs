service_kit::service_main!(booking_service::spec());
