service_kit::service_main!(auth_service::spec());
