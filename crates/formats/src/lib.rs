//! Text extraction from covenant files: .docx, .odt, .html and .pdf.
//!
//! This crate turns the bytes of a word-processor, web or PDF file into
//! paragraphs of runs. It does no file-system I/O and no legacy-encoding
//! conversion: each run keeps its font name so that the caller can decode
//! TCVN3 or VNI text with `huonguoc_text::legacy`.
