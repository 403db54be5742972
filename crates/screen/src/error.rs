//! Errors of loading and compiling a rule pack.

use std::fmt;

/// Why a rule pack could not be loaded. It names the file, the line and the
/// rule where they are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    file: Option<String>,
    line: Option<usize>,
    rule: Option<String>,
    detail: String,
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A rule file could not be read.
    Io,
    /// A rule file is not valid TOML, or does not fit the rule schema.
    Syntax,
    /// Two rules, categories or term sets share an id.
    DuplicateId,
    /// A rule names a category the pack does not declare.
    UnknownCategory,
    /// A rule refers to a term set (`@name`) the pack does not declare.
    UnknownTermSet,
    /// A rule's regex does not compile.
    Regex,
    /// A rule is incomplete or contradicts itself.
    InvalidRule,
    /// The pack holds no rule.
    Empty,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<String>) -> Error {
        Error {
            kind,
            file: None,
            line: None,
            rule: None,
            detail: detail.into(),
        }
    }

    pub(crate) fn in_file(mut self, file: &str) -> Error {
        self.file.get_or_insert_with(|| file.to_owned());
        self
    }

    pub(crate) fn at_line(mut self, line: Option<usize>) -> Error {
        if self.line.is_none() {
            self.line = line;
        }
        self
    }

    pub(crate) fn for_rule(mut self, rule: &str) -> Error {
        self.rule.get_or_insert_with(|| rule.to_owned());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The rule file, when known.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The 1-based line in the rule file, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The rule id, when known.
    pub fn rule(&self) -> Option<&str> {
        self.rule.as_deref()
    }

    /// The detail, without file, line or rule.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            _ => {}
        }
        if let Some(rule) = &self.rule {
            write!(f, "quy tắc `{rule}`: ")?;
        }
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Error {}
