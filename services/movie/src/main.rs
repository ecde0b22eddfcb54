service_kit::service_main!(movie_service::spec());
