//! JSON Lines: one object per line, for piping into `jq`, `grep` or a
//! database loader. Every line has a `type`: in file order, `finding`,
//! `error` (unreadable or missing files) and `not_covenant` lines; then
//! `group`, `waiver` and a last `summary` line, which carries `measured`.

use std::io::Write;

use anyhow::Result;
use huonguoc_batch::{FileReport, Report, Status};
use serde_json::{Map, Value, json};

/// One file's lines: its error, why it is not a covenant, or its findings.
pub fn file(out: &mut dyn Write, file: &FileReport) -> Result<()> {
    if let (Status::NotVerified | Status::Missing, Some(e)) = (file.status, &file.error) {
        return line(
            out,
            json!({"type": "error", "path": file.path, "status": file.status, "error": e}),
        );
    }
    if let Some(n) = &file.not_covenant {
        return line(
            out,
            json!({"type": "not_covenant", "path": file.path, "reason": n.reason, "message": n.message}),
        );
    }
    for f in &file.findings {
        let mut obj = Map::new();
        obj.insert("type".into(), "finding".into());
        obj.insert("path".into(), file.path.clone().into());
        if let Some(c) = &file.commune {
            obj.insert("commune".into(), c.clone().into());
        }
        if let Some(d) = &file.district {
            obj.insert("district".into(), d.clone().into());
        }
        if let Value::Object(fields) = serde_json::to_value(f)? {
            obj.extend(fields);
        }
        line(out, Value::Object(obj))?;
    }
    Ok(())
}

/// The group, waiver and summary lines that end the stream.
pub fn tail(out: &mut dyn Write, report: &Report) -> Result<()> {
    for g in &report.groups {
        line(out, tagged("group", serde_json::to_value(g)?))?;
    }
    for w in &report.waivers {
        line(out, tagged("waiver", serde_json::to_value(w)?))?;
    }
    let mut summary = tagged("summary", serde_json::to_value(&report.summary)?);
    summary["measured"] = serde_json::to_value(&report.measured)?;
    line(out, summary)
}

fn tagged(kind: &str, v: Value) -> Value {
    let mut obj = Map::new();
    obj.insert("type".into(), kind.into());
    if let Value::Object(fields) = v {
        obj.extend(fields);
    }
    Value::Object(obj)
}

fn line(out: &mut dyn Write, v: Value) -> Result<()> {
    serde_json::to_writer(&mut *out, &v)?;
    out.write_all(b"\n")?;
    Ok(())
}
