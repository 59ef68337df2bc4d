//! User Timing measures of the page's own work, which the benchmark
//! (`bench/run.mjs`) and the e2e tests read.

/// A measure from [`Measure::start`] to [`Measure::end`], named `name`.
pub struct Measure(&'static str);

impl Measure {
    pub fn start(name: &'static str) -> Measure {
        if let Some(p) = performance() {
            let _ = p.mark(name);
        }
        Measure(name)
    }

    pub fn end(self) {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(self.0, self.0);
        }
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}
