//! Leaf components: each takes data and callbacks and renders text, never HTML.

pub mod file_open;
pub mod find_bar;
pub mod library;
pub mod paste_box;
pub mod read_as;
pub mod row_heights;
pub mod share_panel;
pub mod shortcuts;
pub mod speakers;
pub mod topics;
pub mod transcript_header;
pub mod turn_list;

/// `x` rounded to `places` decimals, written with integer formatting only:
/// Rust's float formatting (Grisu, Dragon and their tables) would add some
/// 5 KB gzip to the page's wasm for a few SVG coordinates and percentages.
pub fn decimal(x: f64, places: u32) -> String {
    let scale = 10u64.pow(places.min(9));
    // `as` saturates: NaN is 0 and infinities the largest value.
    let scaled = (x.abs() * scale as f64).round() as u64;
    let sign = if x < 0.0 && scaled != 0 { "-" } else { "" };
    let (whole, frac) = (scaled / scale, scaled % scale);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{frac:0width$}",
            width = places.min(9) as usize
        )
    }
}

/// `n` things, in the singular or plural: "1 turn", "2,048 turns".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `n` with commas between thousands ("1,234,567").
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{counted, decimal};

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(counted(0, "turn", "turns"), "0 turns");
        assert_eq!(counted(1, "turn", "turns"), "1 turn");
        assert_eq!(
            counted(1_234, "repeated passage", "repeated passages"),
            "1,234 repeated passages"
        );
    }

    #[test]
    fn decimals_match_rusts_float_formatting() {
        for x in [
            0.0, 0.5, 1.0, 2.675, 12.3456, 99.9996, 100.0, -3.25, 1e-7, 33.333_333,
        ] {
            for places in 0..4 {
                let ours = decimal(x, places);
                let std = format!("{x:.prec$}", prec = places as usize);
                // Rust rounds half to even on the exact binary value; ours
                // rounds the scaled value half away from zero: they may
                // differ in the last digit only at an exact half.
                let (a, b): (f64, f64) = (ours.parse().unwrap(), std.parse().unwrap());
                assert!(
                    (a - b).abs() <= 10f64.powi(-(places as i32)) + 1e-12,
                    "{x} {places}: {ours} vs {std}"
                );
                assert_eq!(
                    ours.split('.').nth(1).map_or(0, str::len),
                    places as usize,
                    "{ours}"
                );
            }
        }
        assert_eq!(decimal(12.3456, 2), "12.35");
        assert_eq!(decimal(-0.0001, 2), "0.00");
        assert_eq!(decimal(f64::NAN, 1), "0.0");
        assert_eq!(decimal(57.0 / 91.0 * 100.0, 0), "63");
    }
}
