//! Offset maps from a derived text (such as the matching form) back to the
//! text it was derived from.

/// One stretch of the derived text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Where the stretch starts in the derived text.
    derived: usize,
    /// Where it starts in the source text.
    source: usize,
    /// Whether it is a byte-for-byte copy of the source. Other stretches are
    /// replacements and map only as a whole, so a span never lands inside a
    /// composed character or a moved tone mark.
    copy: bool,
}

/// Maps byte offsets of a derived text back to its source.
///
/// The map is sparse: it stores one segment wherever the relation between
/// the two texts changes, so a document that needed no change has a map of
/// one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    derived_len: usize,
    source_len: usize,
}

impl OffsetMap {
    /// The map of a text to itself.
    pub fn identity(len: usize) -> OffsetMap {
        OffsetMap {
            segments: vec![Segment {
                derived: 0,
                source: 0,
                copy: true,
            }],
            derived_len: len,
            source_len: len,
        }
    }

    /// The start of a derived span, as a source offset. Inside a replaced
    /// stretch it maps to the stretch's start.
    pub fn start_to_source(&self, derived: usize) -> usize {
        let i = self
            .segments
            .partition_point(|s| s.derived <= derived)
            .saturating_sub(1);
        let seg = self.segments[i];
        if seg.copy {
            (seg.source + (derived - seg.derived)).min(self.source_end(i))
        } else {
            seg.source
        }
    }

    /// The end of a derived span, as a source offset. Inside a replaced
    /// stretch it maps to the stretch's end.
    pub fn end_to_source(&self, derived: usize) -> usize {
        if derived == 0 {
            return self.start_to_source(0);
        }
        let i = self
            .segments
            .partition_point(|s| s.derived < derived)
            .saturating_sub(1);
        let seg = self.segments[i];
        if seg.copy {
            (seg.source + (derived - seg.derived)).min(self.source_end(i))
        } else {
            self.source_end(i)
        }
    }

    /// Length of the source text.
    pub fn source_len(&self) -> usize {
        self.source_len
    }

    /// Length of the derived text.
    pub fn derived_len(&self) -> usize {
        self.derived_len
    }

    fn source_end(&self, i: usize) -> usize {
        self.segments
            .get(i + 1)
            .map_or(self.source_len, |s| s.source)
    }
}

/// Builds an [`OffsetMap`] while a derived text is written.
#[derive(Debug, Default)]
pub(crate) struct MapBuilder {
    segments: Vec<Segment>,
}

impl MapBuilder {
    /// Records that `derived..` copies `source..` byte for byte.
    pub(crate) fn copy(&mut self, derived: usize, source: usize) {
        if let Some(last) = self.segments.last() {
            if last.copy && last.source + (derived - last.derived) == source {
                return;
            }
        }
        self.push(Segment {
            derived,
            source,
            copy: true,
        });
    }

    /// Records that `derived..` replaces `source..` as a whole. The next
    /// call (or the end of the text) closes the stretch.
    pub(crate) fn replace(&mut self, derived: usize, source: usize) {
        self.push(Segment {
            derived,
            source,
            copy: false,
        });
    }

    fn push(&mut self, seg: Segment) {
        // Two stretches starting at one derived offset: the earlier one is
        // empty in the derived text (a deletion) and is kept, so that an end
        // offset before it still maps before the deleted bytes.
        self.segments.push(seg);
    }

    pub(crate) fn finish(mut self, derived_len: usize, source_len: usize) -> OffsetMap {
        if self.segments.is_empty() || self.segments[0].derived != 0 {
            self.segments.insert(
                0,
                Segment {
                    derived: 0,
                    source: 0,
                    copy: true,
                },
            );
        }
        OffsetMap {
            segments: self.segments,
            derived_len,
            source_len,
        }
    }
}

/// 1-based line and column (in characters) of byte offsets in a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Every [`CHECKPOINT`] bytes (at a char boundary), the byte offset and
    /// the number of chars before it, so that a column costs at most a
    /// checkpoint's stretch to count, however long its line.
    marks: Vec<(usize, usize)>,
}

/// The stretch between two column checkpoints, in bytes.
const CHECKPOINT: usize = 4096;

/// Columns this far into a line are counted from the line start rather
/// than from checkpoints, which cost up to two stretches.
const DIRECT: usize = 2 * CHECKPOINT;

impl LineIndex {
    /// Indexes the line starts of `text`. A line ends at `\n`; a `\r`
    /// before it belongs to the line.
    pub fn new(text: &str) -> LineIndex {
        // A covenant's lines average some 70 bytes: sized for a little more
        // than that, the list is rarely copied as it grows. Bounded, so
        // that a huge file on one line does not reserve for lines it lacks.
        let mut starts = Vec::with_capacity((text.len() / 48 + 1).min(1 << 16));
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = vec![(0, 0)];
        // Checkpoints serve only lines too long to count directly.
        let longest = starts
            .windows(2)
            .map(|w| w[1] - w[0])
            .chain(std::iter::once(text.len() - starts[starts.len() - 1]))
            .max()
            .unwrap_or(0);
        if longest <= DIRECT {
            return LineIndex { starts, marks };
        }
        let mut at = 0;
        let mut chars = 0;
        while at + CHECKPOINT < text.len() {
            let mut next = at + CHECKPOINT;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += count_chars(&text.as_bytes()[at..next]);
            marks.push((next, chars));
            at = next;
        }
        LineIndex { starts, marks }
    }

    /// The 1-based line and character column of byte `offset` in `text`,
    /// which must be the text this index was built from. An offset that is
    /// not on a char boundary counts the partial char as a whole one.
    ///
    /// ```
    /// use huonguoc_text::LineIndex;
    /// let text = "Điều 1.\nCon gái";
    /// let idx = LineIndex::new(text);
    /// assert_eq!(idx.line_col(text, text.find("gái").unwrap()), (2, 5));
    /// ```
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = if offset - start <= DIRECT {
            count_chars(&text.as_bytes()[start..offset])
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        (line, column + 1)
    }

    /// The byte range of the line that holds `offset`, without its line
    /// break.
    pub fn line_of(&self, text: &str, offset: usize) -> std::ops::Range<usize> {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        start..end.max(start)
    }

    /// Chars (counting a partial one as whole) in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let m = self.marks.partition_point(|&(b, _)| b <= offset) - 1;
        let (at, chars) = self.marks[m];
        chars + count_chars(&text.as_bytes()[at..offset])
    }
}

/// Chars in UTF-8 bytes: every byte that does not continue a char.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_offset_to_itself() {
        let map = OffsetMap::identity(10);
        for i in 0..=10 {
            assert_eq!(map.start_to_source(i), i);
            assert_eq!(map.end_to_source(i), i);
        }
    }

    #[test]
    fn replaced_stretch_maps_as_a_whole() {
        // source: "ab" + 5-byte stretch + "cd"; derived: "ab" + 3 bytes + "cd"
        let mut b = MapBuilder::default();
        b.copy(0, 0);
        b.replace(2, 2);
        b.copy(5, 7);
        let map = b.finish(7, 9);
        assert_eq!(map.start_to_source(2), 2);
        assert_eq!(map.end_to_source(5), 7);
        assert_eq!(map.start_to_source(5), 7);
        assert_eq!(map.end_to_source(7), 9);
        assert_eq!(map.start_to_source(3), 2);
        assert_eq!(map.end_to_source(3), 7);
    }

    #[test]
    fn deletion_keeps_ends_before_and_starts_after() {
        // source "ab\u{200B}c" (6 bytes), derived "abc"
        let mut b = MapBuilder::default();
        b.copy(0, 0);
        b.replace(2, 2);
        b.copy(2, 5);
        let map = b.finish(3, 6);
        assert_eq!(map.end_to_source(2), 2);
        assert_eq!(map.start_to_source(2), 5);
        assert_eq!(map.end_to_source(3), 6);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "Điều 1.\nCon gái được";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        let gai = text.find("gái").unwrap();
        assert_eq!(idx.line_col(text, gai), (2, 5));
    }

    #[test]
    fn columns_on_a_long_line_match_a_plain_count() {
        // Past several checkpoints, with multi-byte chars across them, and
        // short lines beside the long one.
        let text = format!("x\n{}\nend\nđất\n", "đất, con gái ".repeat(2000));
        let idx = LineIndex::new(&text);
        let near_ends = [1, 2, 3, 100, DIRECT - 1, DIRECT, DIRECT + 1, DIRECT + 2]
            .into_iter()
            .flat_map(|k| [2 + k, text.len() - 12 - k]);
        for offset in (0..text.len())
            .step_by(997)
            .chain(near_ends)
            .chain([text.len()])
        {
            let bytes = &text.as_bytes()[..offset];
            let line_start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let want = text.as_bytes()[line_start..offset]
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count()
                + 1;
            let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
            assert_eq!(idx.line_col(&text, offset), (line, want), "{offset}");
            let r = idx.line_of(&text, offset);
            assert_eq!(r.start, line_start, "{offset}");
            assert!(!text.as_bytes()[r.clone()].contains(&b'\n'), "{offset}");
        }
    }
}
