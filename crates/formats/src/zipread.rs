//! Reading zip containers (.docx, .odt) under [`Limits`], because a covenant
//! file comes from anyone and its headers may lie about sizes.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::Limits;
use crate::error::{Error, ErrorKind, Result};

/// Ratios are only checked past this size: small XML parts legitimately
/// compress very well, and tiny entries cannot hurt anyone.
const RATIO_FLOOR: u64 = 1024 * 1024;

pub(crate) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Bytes unpacked so far, checked against the limit as we go.
    unpacked: u64,
}

/// Whether a zip package holds pictures (`word/media/`, `Pictures/`): a
/// document with pictures and no text is most likely a scan, which must
/// count as unread, never as an empty file.
pub(crate) fn has_images(bytes: &[u8]) -> bool {
    let Ok(archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    archive.file_names().any(|n| {
        let n = n.trim_start_matches('/');
        n.starts_with("word/media/") || n.starts_with("Pictures/") || n.starts_with("media/")
    })
}

impl<'a> Package<'a> {
    /// Opens a zip and checks the declared sizes before anything is unpacked.
    pub(crate) fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        if archive.len() > limits.max_entries {
            return Err(Error::new(
                ErrorKind::TooManyEntries,
                format!(
                    "{} mục > giới hạn {} (entries)",
                    archive.len(),
                    limits.max_entries
                ),
            ));
        }
        let (mut declared, mut compressed) = (0u64, 0u64);
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(zip_error)?;
            let (size, packed) = (entry.size(), entry.compressed_size());
            check_ratio(limits, entry.name(), size, packed)?;
            declared = declared.saturating_add(size);
            compressed = compressed.saturating_add(packed);
        }
        if declared > limits.max_uncompressed {
            return Err(bomb(format!(
                "tổng kích thước khai báo {declared} byte > giới hạn {} byte (declared size)",
                limits.max_uncompressed
            )));
        }
        check_ratio(limits, "toàn bộ tệp (whole archive)", declared, compressed)?;
        Ok(Package {
            archive,
            limits: limits.clone(),
            unpacked: 0,
        })
    }

    /// Unpacks one entry, or `None` when it is absent. The size limit is
    /// enforced on the bytes actually produced, not on the header's claim.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let budget = self.limits.max_uncompressed.saturating_sub(self.unpacked);
        let mut entry = match self.archive.by_name(name) {
            Ok(e) => e,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(zip_error(e)),
        };
        let packed = entry.compressed_size();
        let mut out = Vec::new();
        (&mut entry)
            .take(budget.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| {
                Error::new(
                    ErrorKind::Corrupt,
                    format!("không giải nén được {name} (cannot inflate): {e}"),
                )
            })?;
        let got = out.len() as u64;
        if got > budget {
            return Err(bomb(format!(
                "{name} giải nén vượt giới hạn {} byte (inflates beyond limit)",
                self.limits.max_uncompressed
            )));
        }
        check_ratio(&self.limits, name, got, packed)?;
        self.unpacked += got;
        Ok(Some(out))
    }
}

fn check_ratio(limits: &Limits, name: &str, size: u64, packed: u64) -> Result<()> {
    if size > RATIO_FLOOR && size as f64 > limits.max_ratio * packed.max(1) as f64 {
        return Err(bomb(format!(
            "{name}: tỉ lệ nén {:.0} > {} (compression ratio)",
            size as f64 / packed.max(1) as f64,
            limits.max_ratio
        )));
    }
    Ok(())
}

fn bomb(detail: String) -> Error {
    Error::new(ErrorKind::ZipBomb, detail)
}

fn zip_error(e: ZipError) -> Error {
    match e {
        ZipError::UnsupportedArchive(msg) if msg == ZipError::PASSWORD_REQUIRED => Error::new(
            ErrorKind::Encrypted,
            "tệp nén có mật khẩu (password-protected zip)",
        ),
        ZipError::InvalidPassword => {
            Error::new(ErrorKind::Encrypted, "sai mật khẩu (wrong password)")
        }
        ZipError::UnsupportedArchive(msg) => Error::new(
            ErrorKind::Unsupported,
            format!("kiểu nén không hỗ trợ (unsupported zip feature): {msg}"),
        ),
        other => Error::new(
            ErrorKind::Corrupt,
            format!("tệp nén bị hỏng hoặc bị cắt cụt (damaged or truncated zip): {other}"),
        ),
    }
}
