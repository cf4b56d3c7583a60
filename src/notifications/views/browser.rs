//! Browser-side fetch of the unread count from the REST endpoint. The browser's HTTP cache
//! does the ETag work: the answer says `Cache-Control: private, no-cache`, so each poll is a
//! conditional request and an unchanged count comes back as a bodiless 304.
//!
//! Only ever called from effects, which run in the browser; on the server it is dead code.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::notifications::model::UnreadCount;

const UNREAD_COUNT_URL: &str = "/api/notifications/unread-count";

/// The current unread count, or `None` when it could not be read (offline, signed out).
pub async fn fetch_unread_count() -> Option<u64> {
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response = JsFuture::from(window.fetch_with_str_and_init(UNREAD_COUNT_URL, &init)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    serde_json::from_str::<UnreadCount>(&text).ok().map(|c| c.count)
}
