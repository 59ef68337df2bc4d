//! Copying text to the clipboard and saving it as a file: the two ways a
//! link or an export leaves the page, both on the reader's own click.

use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// Copies `text`, then tells `done` whether it worked, in words.
pub fn copy(text: String, what: &'static str, done: Callback<String>) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        done.emit(format!(
            "Could not copy the {what}: select it and copy it yourself."
        ));
        return;
    };
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        done.emit(match JsFuture::from(promise).await {
            Ok(_) => format!("The {what} is copied."),
            Err(_) => format!(
                "The browser did not allow copying the {what}: select it and copy it yourself."
            ),
        });
    });
}

/// Offers `text` as a download named `file`.
pub fn download(file: &str, mime: &str, text: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let failed = || "The browser did not allow saving the file.".to_string();
    let blob = gloo_file::Blob::new_with_options(text, Some(mime));
    let url = gloo_file::ObjectUrl::from(blob);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(failed)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| failed())?
        .dyn_into()
        .map_err(|_| failed())?;
    a.set_href(&url);
    a.set_download(file);
    a.click();
    // Revoking the URL at once can cancel the download in some browsers:
    // it is revoked (dropped) a minute later.
    gloo_timers::callback::Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}
