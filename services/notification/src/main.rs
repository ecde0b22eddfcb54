service_kit::service_main!(notification_service::spec());
