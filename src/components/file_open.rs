//! Opening files: an "Open a file" picker, and reading files that are
//! dropped anywhere on the page. Both hand the bytes to the reducer, which
//! parses them with the core; nothing is uploaded.

use gloo_file::File;
use web_sys::{FileList, HtmlInputElement};
use yew::prelude::*;

/// File types the picker offers; anything can still be dropped.
pub const ACCEPT: &str =
    ".vtt,.srt,.txt,.md,.json,.html,.htm,.docx,.ttml,.dfxp,.xml,.sbv,.ass,.ssa";

/// What reading a file produced: its name, and its bytes or a failure.
pub type FileRead = (String, Option<Vec<u8>>);

/// Reads each file in `files` and emits it, in order.
pub fn read_files(files: FileList, on_read: Callback<FileRead>) {
    let files: Vec<File> = (0..files.length())
        .filter_map(|i| files.get(i))
        .map(File::from)
        .collect();
    wasm_bindgen_futures::spawn_local(async move {
        for file in files {
            let bytes = gloo_file::futures::read_as_bytes(&file).await.ok();
            on_read.emit((file.name(), bytes));
        }
    });
}

/// The `change` handler of a file input: reads the picked files into
/// `on_read`, then clears the input so picking the same file again reads it
/// again.
pub fn on_files(on_read: Callback<FileRead>) -> Callback<Event> {
    Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Some(files) = input.files() {
            read_files(files, on_read.clone());
        }
        input.set_value("");
    })
}

#[derive(Properties, PartialEq)]
pub struct FileOpenProps {
    pub on_read: Callback<FileRead>,
}

#[function_component(FileOpen)]
pub fn file_open(props: &FileOpenProps) -> Html {
    let onchange = on_files(props.on_read.clone());
    html! {
        <div class="file-open">
            <label for="open-file">{ "Open a file" }</label>
            <input id="open-file" type="file" accept={ACCEPT} multiple=true {onchange} />
            <p class="hint">{ "or drop a file anywhere on the page (.vtt .srt .docx .ttml .txt .json…)" }</p>
        </div>
    }
}
