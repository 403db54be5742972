//! Screening engine for huonguoc.
