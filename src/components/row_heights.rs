//! The heights of a windowed list's rows and where each row starts.
//!
//! A 100,000-row list is measured a few rows at a time as the reader
//! scrolls, and every scroll asks which row sits at a given offset. A plain
//! array of offsets needs a pass over every row after each measurement
//! (milliseconds at 100,000 rows, on every scroll that shows new rows), so
//! the heights are kept in a Fenwick tree: setting a height, the offset of a
//! row and the row at an offset each take O(log n). Hand-written: it is
//! forty lines, and the crates that have one bring generic numeric traits
//! for what is here one `f64` sum.

/// Row heights: estimates until a row is measured.
#[derive(Debug, Clone, Default)]
pub struct RowHeights {
    heights: Vec<f64>,
    measured: Vec<bool>,
    /// `tree[i]` (1-based) holds the sum of the `i & i.wrapping_neg()`
    /// heights ending at row `i - 1`.
    tree: Vec<f64>,
}

impl RowHeights {
    /// Rows with these estimated heights, none measured.
    pub fn new(estimates: Vec<f64>) -> Self {
        let measured = vec![false; estimates.len()];
        let mut rows = Self {
            heights: estimates,
            measured,
            tree: Vec::new(),
        };
        rows.rebuild();
        rows
    }

    /// Builds the tree from the heights in O(n).
    fn rebuild(&mut self) {
        let n = self.heights.len();
        let mut tree = vec![0.0; n + 1];
        for (i, &h) in self.heights.iter().enumerate() {
            let at = i + 1;
            if let Some(slot) = tree.get_mut(at) {
                *slot += h;
            }
            let parent = at + (at & at.wrapping_neg());
            if parent <= n {
                let sum = tree.get(at).copied().unwrap_or(0.0);
                if let Some(slot) = tree.get_mut(parent) {
                    *slot += sum;
                }
            }
        }
        self.tree = tree;
    }

    pub fn len(&self) -> usize {
        self.heights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heights.is_empty()
    }

    /// Replaces the estimates of rows not measured yet (after the width
    /// changed, say); measured rows keep their height.
    pub fn re_estimate(&mut self, estimate: impl Fn(usize) -> f64) {
        for (i, (h, &measured)) in self.heights.iter_mut().zip(&self.measured).enumerate() {
            if !measured {
                *h = estimate(i);
            }
        }
        self.rebuild();
    }

    /// Records row `row`'s measured height; true when it moved any row
    /// below it by more than a pixel.
    pub fn measure(&mut self, row: usize, height: f64) -> bool {
        let (Some(old), Some(measured)) = (self.heights.get_mut(row), self.measured.get_mut(row))
        else {
            return false;
        };
        let delta = height - *old;
        *old = height;
        *measured = true;
        let mut at = row + 1;
        while let Some(slot) = self.tree.get_mut(at) {
            *slot += delta;
            at += at & at.wrapping_neg();
        }
        delta.abs() > 1.0
    }

    /// Where row `row` starts: the sum of the heights above it (the total
    /// height for `row == len()`).
    pub fn offset(&self, row: usize) -> f64 {
        let mut at = row.min(self.len());
        let mut sum = 0.0;
        while at > 0 {
            sum += self.tree.get(at).copied().unwrap_or(0.0);
            at &= at - 1;
        }
        sum
    }

    pub fn total(&self) -> f64 {
        self.offset(self.len())
    }

    /// The row at offset `y`: the last row starting at or above it (0 for
    /// an empty list or a negative `y`; the last row past the end).
    pub fn row_at(&self, y: f64) -> usize {
        let n = self.len();
        let mut pos = 0;
        let mut left = y;
        let mut step = if n == 0 { 0 } else { 1 << n.ilog2() };
        while step > 0 {
            let next = pos + step;
            if let Some(&sum) = self.tree.get(next).filter(|_| next <= n) {
                if sum <= left {
                    pos = next;
                    left -= sum;
                }
            }
            step >>= 1;
        }
        // `pos` rows end at or above `y`, so row `pos` contains it.
        pos.min(n.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets by a plain running sum, to check the tree against.
    fn naive(heights: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0];
        for h in heights {
            out.push(out.last().unwrap() + h);
        }
        out
    }

    #[test]
    fn offsets_and_rows_match_a_running_sum_through_measurements() {
        let mut heights: Vec<f64> = (0..1000)
            .map(|i| 62.0 + (i * 37 % 11) as f64 * 24.0)
            .collect();
        let mut rows = RowHeights::new(heights.clone());
        for (step, row) in [0usize, 999, 511, 512, 3, 700, 700].into_iter().enumerate() {
            let h = 50.0 + step as f64 * 13.0;
            rows.measure(row, h);
            heights[row] = h;
            let expected = naive(&heights);
            for (i, want) in expected.iter().enumerate() {
                assert!((rows.offset(i) - want).abs() < 1e-6, "offset of {i}");
            }
            for probe in [0usize, 1, 2, 255, 256, 511, 512, 513, 998, 999] {
                let start = expected[probe];
                assert_eq!(rows.row_at(start), probe, "start of {probe}");
                assert_eq!(rows.row_at(start + 1.0), probe, "inside {probe}");
                if probe > 0 {
                    assert_eq!(rows.row_at(start - 0.5), probe - 1, "end of {}", probe - 1);
                }
            }
        }
        assert_eq!(rows.row_at(-5.0), 0);
        assert_eq!(rows.row_at(rows.total() + 100.0), 999);
        assert!((rows.total() - naive(&heights)[1000]).abs() < 1e-6);
    }

    #[test]
    fn measuring_reports_moves_and_re_estimating_keeps_measurements() {
        let mut rows = RowHeights::new(vec![100.0; 5]);
        assert!(rows.measure(2, 150.0));
        assert!(!rows.measure(2, 150.5), "under a pixel is no move");
        assert!(
            !rows.measure(3, 100.0),
            "a measurement equal to the estimate moves nothing"
        );
        assert!(!rows.measure(9, 10.0), "rows past the end are ignored");
        rows.re_estimate(|_| 10.0);
        // Rows 2 and 3 were measured; 0, 1 and 4 take the new estimate.
        assert_eq!(rows.offset(5), 10.0 + 10.0 + 150.5 + 100.0 + 10.0);
        assert_eq!(rows.offset(3), 170.5);
    }

    #[test]
    fn empty_lists_answer_without_panicking() {
        let rows = RowHeights::new(Vec::new());
        assert!(rows.is_empty());
        assert_eq!(rows.total(), 0.0);
        assert_eq!(rows.row_at(10.0), 0);
        assert_eq!(rows.offset(3), 0.0);
        let one = RowHeights::new(vec![40.0]);
        assert_eq!(one.row_at(39.0), 0);
        assert_eq!(one.row_at(41.0), 0);
        assert_eq!(one.total(), 40.0);
    }
}
