//! The door's camera: `/scanner.js` (served with the site) runs the browser's BarcodeDetector on
//! the camera's picture and hands each QR code it reads to the page. Browsers without it (or
//! without a camera) type or paste the code instead.

/// Whether this browser can scan QR codes with a camera.
pub fn supported() -> bool {
    #[cfg(feature = "hydrate")]
    {
        let window = leptos::prelude::window();
        let has = |object: &wasm_bindgen::JsValue, name: &str| {
            js_sys::Reflect::has(object, &name.into()).unwrap_or(false)
        };
        has(&window, "BarcodeDetector") && has(&window.navigator(), "mediaDevices")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

#[cfg(feature = "hydrate")]
fn scanner() -> Option<js_sys::Object> {
    use wasm_bindgen::JsCast;
    js_sys::Reflect::get(&leptos::prelude::window(), &"marqueeScanner".into())
        .ok()?
        .dyn_into()
        .ok()
}

#[cfg(feature = "hydrate")]
fn method(scanner: &js_sys::Object, name: &str) -> Option<js_sys::Function> {
    use wasm_bindgen::JsCast;
    js_sys::Reflect::get(scanner, &name.into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Starts the camera into `video`; `on_code` gets each code read, `on_error` why it could not
/// start.
#[cfg(feature = "hydrate")]
pub fn start(
    video: &web_sys::HtmlVideoElement,
    on_code: impl FnMut(String) + 'static,
    mut on_error: impl FnMut(String) + 'static,
) {
    use wasm_bindgen::closure::Closure;
    let Some((scanner, start)) = scanner().and_then(|s| method(&s, "start").map(|m| (s, m))) else {
        on_error(crate::t!("door-scanner-not-loaded"));
        return;
    };
    let on_code = Closure::<dyn FnMut(String)>::new(on_code).into_js_value();
    let on_error = Closure::<dyn FnMut(String)>::new(on_error).into_js_value();
    let _ = start.call3(&scanner, video, &on_code, &on_error);
}

/// Stops the camera.
pub fn stop() {
    #[cfg(feature = "hydrate")]
    if let Some(scanner) = scanner()
        && let Some(stop) = method(&scanner, "stop")
    {
        let _ = stop.call0(&scanner);
    }
}
