//! Leaf components: each takes data and callbacks and renders text, never HTML.

pub mod file_open;
pub mod find_bar;
pub mod library;
pub mod paste_box;
pub mod share_panel;
pub mod speakers;
pub mod topics;
pub mod transcript_header;
pub mod turn_list;
