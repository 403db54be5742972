//! Report formats.

pub mod text;
