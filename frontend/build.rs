//! The browser bundle is cut into a chunk a page (`cargo leptos build --split`). Merged data
//! segments would keep every page's strings (class lists, texts) in the main module.
fn main() {
    println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
}
