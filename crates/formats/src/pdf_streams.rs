//! A byte budget on what a PDF's streams decode to, checked before lopdf
//! sees the file: lopdf decodes every stream with an unbounded read, and a
//! 4 MB file whose stream inflated to 4 GiB failed an allocation and
//! aborted the whole batch, beyond the reach of any panic guard.
//!
//! Each stream is decoded here as lopdf would decode it, through the
//! filters lopdf knows (FlateDecode, LZWDecode, ASCII85Decode) in the order
//! its dictionary lists them, into writers that stop at the budget.
//! Streams are found by their `stream` keyword, whatever the
//! cross-reference table says, so no path lopdf may take is missed; their
//! data is read up to each filter's own end marker, so a `/Length` that
//! lies can only make the count larger.

use std::io::Write;

use crate::error::{Error, ErrorKind, Result};

/// The most `/Filter` entries tried per stream. The one in the stream's
/// own dictionary is among the last before its `stream` keyword; more are
/// only decoys, which must not multiply the work.
const MAX_CHAINS: usize = 4;

/// Fails once the streams of `bytes` decode to more than `budget` bytes
/// in all, every filter stage counted (lopdf holds each in memory).
pub(crate) fn check_decoded_size(bytes: &[u8], budget: u64) -> Result<()> {
    let mut used = 0u64;
    let mut window_from = 0;
    for at in memchr::memmem::find_iter(bytes, b"stream") {
        if at < window_from || bytes[..at].ends_with(b"end") {
            continue;
        }
        let Some(data) = stream_data(bytes, at + b"stream".len()) else {
            continue;
        };
        let chains = filter_chains(&bytes[window_from..at]);
        window_from = data;
        for chain in chains {
            let left = budget.saturating_sub(used);
            match decoded_len(&bytes[data..], &chain, left) {
                Some(n) => used += n,
                None => return Err(over_budget(budget)),
            }
        }
    }
    Ok(())
}

fn over_budget(budget: u64) -> Error {
    Error::new(
        ErrorKind::ZipBomb,
        format!(
            "luồng nén trong PDF giải nén vượt giới hạn {budget} byte \
             (PDF streams inflate beyond Limits::max_uncompressed = {budget})"
        ),
    )
}

/// Where a stream's data starts: after the end of line that must follow
/// the `stream` keyword.
fn stream_data(bytes: &[u8], after: usize) -> Option<usize> {
    let rest = &bytes[after..];
    if rest.starts_with(b"\r\n") {
        Some(after + 2)
    } else if rest.starts_with(b"\n") || rest.starts_with(b"\r") {
        Some(after + 1)
    } else {
        None
    }
}

/// The filter lists declared in `window` (the text since the previous
/// stream's data, which holds this stream's dictionary), the last ones
/// first, without repeats. Names are compared after `#xx` decoding, as
/// lopdf reads them, so `/Fl#61teDecode` is FlateDecode.
fn filter_chains(window: &[u8]) -> Vec<Vec<Vec<u8>>> {
    let names = names_in(window);
    let mut chains: Vec<Vec<Vec<u8>>> = Vec::new();
    for (i, (name, _)) in names.iter().enumerate().rev() {
        if name != b"Filter" {
            continue;
        }
        let chain = chain_after(window, &names[i + 1..], names[i].1);
        if !chain.is_empty() && !chains.contains(&chain) {
            chains.push(chain);
        }
        if chains.len() == MAX_CHAINS {
            break;
        }
    }
    chains
}

/// The value of a `/Filter` key ending at `after`: one name, or the names
/// of an array.
fn chain_after(window: &[u8], next: &[(Vec<u8>, usize)], after: usize) -> Vec<Vec<u8>> {
    let rest = &window[after..];
    let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    match rest.get(skip) {
        Some(b'/') => next.first().map(|n| vec![n.0.clone()]).unwrap_or_default(),
        Some(b'[') => {
            let close =
                memchr::memchr(b']', &rest[skip..]).map_or(window.len(), |i| after + skip + i);
            next.iter()
                .take_while(|n| n.1 <= close)
                .map(|n| n.0.clone())
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Every name (`/Name`) of `text`, `#xx`-decoded, with the offset just
/// past it.
fn names_in(text: &[u8]) -> Vec<(Vec<u8>, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'/', &text[i..]) {
        let start = i + k + 1;
        let len = text[start..].iter().take_while(|&&b| is_regular(b)).count();
        out.push((decode_name(&text[start..start + len]), start + len));
        i = start + len;
    }
    out
}

fn is_regular(b: u8) -> bool {
    !b.is_ascii_whitespace() && !b"()<>[]{}/%".contains(&b) && b != 0
}

fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (raw[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'#', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The bytes produced by all stages of `chain` on `data`, or `None` once
/// they pass `budget`. Decoding stops at the first filter lopdf does not
/// know, as lopdf does.
fn decoded_len(data: &[u8], chain: &[Vec<u8>], budget: u64) -> Option<u64> {
    let mut input = std::borrow::Cow::Borrowed(data);
    let mut used = 0u64;
    for (k, filter) in chain.iter().enumerate() {
        let last = k + 1 == chain.len();
        let mut out = Capped::new(budget - used, !last);
        match filter.as_slice() {
            b"FlateDecode" => flate(&input, &mut out),
            b"LZWDecode" => lzw(&input, &mut out),
            b"ASCII85Decode" => ascii85(&input, &mut out),
            _ => break,
        }
        if out.over {
            return None;
        }
        used += out.written;
        input = std::borrow::Cow::Owned(out.kept);
    }
    Some(used)
}

/// A writer that keeps (or only counts) what it is given, up to `left`
/// bytes; past them it records the overflow and fails.
struct Capped {
    left: u64,
    written: u64,
    keep: bool,
    kept: Vec<u8>,
    over: bool,
}

impl Capped {
    fn new(left: u64, keep: bool) -> Capped {
        Capped {
            left,
            written: 0,
            keep,
            kept: Vec::new(),
            over: false,
        }
    }
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() as u64 > self.left {
            self.over = true;
            return Err(std::io::Error::other("budget"));
        }
        self.left -= buf.len() as u64;
        self.written += buf.len() as u64;
        if self.keep {
            self.kept.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// zlib, or raw deflate after the 2-byte header when zlib yields nothing:
/// lopdf's fallback for streams with a damaged header.
fn flate(data: &[u8], out: &mut Capped) {
    use flate2::read::{DeflateDecoder, ZlibDecoder};
    let _ = std::io::copy(&mut ZlibDecoder::new(data), out);
    if out.written == 0 && !out.over && data.len() > 2 {
        let _ = std::io::copy(&mut DeflateDecoder::new(&data[2..]), out);
    }
}

/// LZW as PDF uses it, with and without the early code-size change (the
/// `/EarlyChange` parameter is not read here): the larger output counts.
fn lzw(data: &[u8], out: &mut Capped) {
    use weezl::{BitOrder, decode::Decoder};
    let mut early = Capped::new(out.left, out.keep);
    let _ = Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
        .into_stream(&mut early)
        .decode_all(data);
    let mut late = Capped::new(out.left, out.keep);
    let _ = Decoder::new(BitOrder::Msb, 8)
        .into_stream(&mut late)
        .decode_all(data);
    let more = if late.over || late.written > early.written {
        late
    } else {
        early
    };
    *out = more;
}

/// ASCII85, as lopdf decodes it: `z` is four zero bytes, other characters
/// from `!` to `u` make groups of five, anything else ends the data.
fn ascii85(data: &[u8], out: &mut Capped) {
    let mut group = [0u8; 5];
    let mut n = 0;
    for &c in data {
        let bytes: &[u8] = match c {
            b'z' if n == 0 => &[0, 0, 0, 0],
            c if c.is_ascii_whitespace() => continue,
            b'!'..=b'u' => {
                group[n] = c - b'!';
                n += 1;
                if n < 5 {
                    continue;
                }
                n = 0;
                &a85_word(&group).to_be_bytes()
            }
            _ => break,
        };
        if out.write_all(bytes).is_err() {
            return;
        }
    }
    if n > 1 {
        group[n..].fill(84);
        let _ = out.write_all(&a85_word(&group).to_be_bytes()[..n - 1]);
    }
}

fn a85_word(group: &[u8; 5]) -> u32 {
    group.iter().fold(0u32, |acc, &d| {
        acc.wrapping_mul(85).wrapping_add(u32::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_lists_are_read_as_lopdf_reads_names() {
        let table: &[(&[u8], &[&[u8]])] = &[
            (b"<< /Filter /FlateDecode /Length 5 >>", &[b"FlateDecode"]),
            (
                b"<< /Filter [ /ASCII85Decode /Fl#61teDecode ] >>",
                &[b"ASCII85Decode", b"FlateDecode"],
            ),
            (b"<< /#46ilter/LZWDecode>>", &[b"LZWDecode"]),
            (b"<< /Length 5 >>", &[]),
        ];
        for &(dict, want) in table {
            let got = filter_chains(dict);
            let want: Vec<Vec<Vec<u8>>> = if want.is_empty() {
                Vec::new()
            } else {
                vec![want.iter().map(|n| n.to_vec()).collect()]
            };
            assert_eq!(got, want, "{}", String::from_utf8_lossy(dict));
        }
    }

    #[test]
    fn ascii85_decodes_as_lopdf_does() {
        let mut out = Capped::new(100, true);
        ascii85(b"87cURD]i,\"Ebo80~>", &mut out);
        assert_eq!(out.kept, b"Hello World!");
        let mut out = Capped::new(100, true);
        ascii85(b"zz~>", &mut out);
        assert_eq!(out.kept, [0u8; 8]);
    }
}
