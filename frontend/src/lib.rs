//! The WASM entry point: hydrates the server-rendered page.
// The pages' nested view types (a list item holding several times and
// buttons) go deeper than the default 128 when the release build lays them out.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
