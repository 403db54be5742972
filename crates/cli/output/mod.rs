//! Report formats.

pub mod csv;
pub mod html;
pub mod jsonl;
pub mod sarif;
pub mod stream;
pub mod text;
