//! Vietnamese text for huonguoc: decoding bytes to UTF-8, the matching form
//! used by the screening engine, and the offset map that takes every match
//! back to the original text.

pub mod legacy;
