#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the repository's own
# files: covenants (corpus/*.txt), the rule pack (rules/*.toml) and the
# format fixtures (crates/formats/tests/fixtures). Nothing large is kept in
# git; run this once before `cargo fuzz run`. Needs python3 (zipfile).
set -euo pipefail
cd "$(dirname "$0")"
root=..
fixtures=$root/crates/formats/tests/fixtures
out=corpus
mkdir -p "$out"/{text,screen,zip,xml,html,pdf,rules,config}

for f in "$root"/corpus/*.txt; do
  cp "$f" "$out/text/"
  cp "$f" "$out/screen/"
done
cp "$root"/rules/*.toml "$out/rules/"
# config: the README's example, every config the tests write is inline, so
# a few hand-made ones cover settings, limits and waivers.
cat > "$out/config/full.toml" <<'TOML'
[settings]
manifest = "danh-sach.csv"
group-by = "district"
rules = "rules"

[limits]
file-bytes = 1048576
inflated-bytes = 2097152
xml-depth = 64
units = 500
findings = 100
sentence-hits = 1000

[[waiver]]
fingerprint = "inheritance.daughter-excluded:317f6c38d384fbb2"
reviewer = "Hà Thị Mai, công chức tư pháp xã Đồng Thịnh"
reason = "Thôn đã biểu quyết bãi bỏ"
date = 2025-09-15
expires = 2026-12-31

[[waiver]]
fingerprint = "rituals.women-barred:0000000000000000"
reviewer = "chưa xem xét"
reason = "chưa xem xét"
date = "2025-01-01"
TOML
printf '[[waiver]]\nfingerprint = "a:1"\n' > "$out/config/minimal.toml"
cp "$fixtures"/*.docx "$fixtures"/*.odt "$out/zip/"
cp "$fixtures"/*.pdf "$out/pdf/"

python3 - "$fixtures" "$root/corpus" "$out" <<'PY'
import pathlib, sys, zipfile
fixtures, corpus, out = map(pathlib.Path, sys.argv[1:])
# xml: the first byte picks the part (see fuzz_targets/xml.rs).
parts = {"word/document.xml": 0, "word/styles.xml": 1, "word/numbering.xml": 2,
         "content.xml": 3, "styles.xml": 4}
for pkg in list(fixtures.glob("*.docx")) + list(fixtures.glob("*.odt")):
    with zipfile.ZipFile(pkg) as z:
        for name, pick in parts.items():
            if name in z.namelist():
                seed = out / "xml" / f"{pkg.stem}-{name.replace('/', '_')}"
                seed.write_bytes(bytes([pick]) + z.read(name))
# html: a few covenants as pages, one paragraph per line, as <ol> and <p>.
for i, txt in enumerate(sorted(corpus.glob("*.txt"))[:12]):
    lines = [l for l in txt.read_text(encoding="utf-8").splitlines() if l.strip()]
    if i % 2:
        body = "<ol>" + "".join(f"<li>{l}</li>" for l in lines) + "</ol>"
    else:
        body = "".join(f"<p>{l}</p>" for l in lines)
    page = f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>p{{}}</style></head><body>{body}</body></html>'
    (out / "html" / f"{txt.stem}.html").write_text(page, encoding="utf-8")
# pdf: one-page files, with a plain and with a Flate content stream.
import zlib
def pdf(content, flate):
    data = zlib.compress(content) if flate else content
    filt = b"/Filter /FlateDecode " if flate else b""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< " + filt + b"/Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.5\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += str(i).encode() + b" 0 obj\n" + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objs) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size " + str(len(objs) + 1).encode() + b" /Root 1 0 R >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return out
text = b"BT /F1 12 Tf 72 720 Td 16 TL (Dieu 1. Con gai khong duoc chia dat) Tj T* (Dieu 2. Nam nu binh dang) Tj ET"
(out / "pdf" / "plain.pdf").write_bytes(pdf(text, False))
(out / "pdf" / "flate.pdf").write_bytes(pdf(text, True))
PY
for d in "$out"/*; do printf '%-8s %s seeds\n' "$(basename "$d")" "$(ls "$d" | wc -l)"; done
