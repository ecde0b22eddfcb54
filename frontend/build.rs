//! The browser bundle is cut into groups of pages (`cargo leptos build --split`). Merged data
//! segments would keep every page's strings (class lists, texts) in the main module.
fn main() {
    println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
}
