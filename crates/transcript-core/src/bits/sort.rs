//! A stable sort with one instance for the whole program.
//!
//! The standard library's sort is generic: each element type and key
//! closure gets its own copy of it, some 2–4 KB of wasm each, and the page
//! sorted ten kinds of list (speaker shares, topic choices, a turn's marks
//! and tags, sections…). Here only a list of positions is sorted, through a
//! comparator behind a `dyn`, so every caller shares one copy; the lists
//! sorted this way are short (speakers, topics, sections, a turn's marks),
//! where comparing through a pointer costs nothing that shows.

use std::cmp::Ordering;

/// Sorts `v` by `key`, smallest first, keeping the order of equal keys (as
/// `slice::sort_by_key` does).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let key_at = |i: usize| v.get(i).map(&key);
        sort_positions(&mut order, &|a, b| key_at(a).cmp(&key_at(b)));
    }
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The one instance of the standard library's stable sort.
#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_key_and_keeps_equal_keys_in_their_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, expected);
        assert_eq!(v, vec![(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn agrees_with_the_standard_sort_on_many_lists() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 0..200 {
            let mut v: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 7, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| std::cmp::Reverse(p.0));
            sort_by_key(&mut v, |p| std::cmp::Reverse(p.0));
            assert_eq!(v, expected, "length {len}");
        }
    }
}
