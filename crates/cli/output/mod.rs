//! Report formats.

pub mod csv;
pub mod html;
pub mod html_index;
pub mod jsonl;
pub mod pretty;
pub mod sarif;
pub mod stream;
pub mod text;
