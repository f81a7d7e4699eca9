//! SVG charts drawn by minutebook: a metric's trend against its target, and
//! actions opened and closed per review period. Plain inline SVG with a title
//! and description (no script, no external fonts), so charts print and work
//! offline; each chart also comes with its data as a table.

use std::fmt::Write;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// Bar colours: blue and orange stay apart for colour-blind readers.
const OPENED: &str = "#1f5fa8";
const CLOSED: &str = "#c2410c";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// ` %` or ` days` after a number; nothing without a unit.
fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// A number for labels: no trailing `.0`, at most 2 decimals.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// A readable axis for values between `min` and `max`: starts at 0 for
/// non-negative data near zero, steps of 1, 2, 2.5 or 5 × 10^k (whole steps for
/// whole-number data), four or five ticks. Returns (low, high, step).
fn scale(min: f64, max: f64, whole: bool) -> (f64, f64, f64) {
    // Start at zero unless the data sit far from it (91–97 %), where a zero
    // baseline would flatten the trend the board needs to see.
    let min = if min >= 0.0 && min <= max * 0.5 {
        0.0
    } else {
        min
    };
    let max = if max <= min { min + 1.0 } else { max };
    let raw = (max - min) / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    if whole && step < 1.0 {
        step = 1.0;
    }
    let lo = (min / step).floor() * step;
    let hi = (max / step).ceil() * step;
    (lo, hi.max(lo + step), step)
}

fn open_svg(out: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="chart" role="img" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

fn axes(out: &mut String, lo: f64, hi: f64, step: f64, labels: &[String]) {
    let plot_h = H - TOP - BOTTOM;
    let ticks = ((hi - lo) / step).round() as i32;
    for i in 0..=ticks {
        let v = lo + step * f64::from(i);
        let y = TOP + plot_h - plot_h * (v - lo) / (hi - lo);
        let _ = write!(
            out,
            r##"<line class="grid" stroke="#d0d7de" stroke-width="1" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            num(v)
        );
    }
    let n = labels.len().max(1);
    let step = (W - LEFT - RIGHT) / n as f64;
    let every = n.div_ceil(6);
    for (i, l) in labels.iter().enumerate() {
        // Every `every`-th label and the last one, never two that would overlap.
        let last = i == n - 1;
        if (i % every != 0 && !last) || (!last && n - 1 - i < every && i != 0) {
            continue;
        }
        let x = LEFT + step * (i as f64 + 0.5);
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            H - BOTTOM + 16.0,
            esc(l)
        );
    }
}

/// A line chart of values (label, value) with an optional target line.
pub fn trend(
    id: &str,
    title: &str,
    points: &[(String, f64)],
    target: Option<f64>,
    unit: &str,
) -> String {
    let mut out = String::new();
    let desc = match (points.first(), points.last()) {
        (Some(a), Some(b)) => {
            let u = unit_suffix(unit);
            format!(
                "{} values from {} ({}{u}) to {} ({}{u})",
                points.len(),
                a.0,
                num(a.1),
                b.0,
                num(b.1)
            )
        }
        _ => "No values reported yet".into(),
    };
    open_svg(&mut out, id, title, &desc);
    let mut values: Vec<f64> = points.iter().map(|p| p.1).collect();
    values.extend(target);
    let whole = values.iter().all(|v| v.fract() == 0.0);
    let (lo, hi, step) = if values.is_empty() {
        (0.0, 1.0, 0.25)
    } else {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        scale(min, max, whole)
    };
    let labels: Vec<String> = points.iter().map(|p| p.0.clone()).collect();
    axes(&mut out, lo, hi, step, &labels);
    let plot_h = H - TOP - BOTTOM;
    let y_of = |v: f64| TOP + plot_h - plot_h * (v - lo) / (hi - lo);
    let step = (W - LEFT - RIGHT) / points.len().max(1) as f64;
    if let Some(t) = target {
        let y = y_of(t);
        let _ = write!(
            out,
            r##"<line class="target" stroke="#b45309" stroke-width="1.5" stroke-dasharray="6 4" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="target-label" x="{:.1}" y="{:.1}" text-anchor="end">target {}{}</text>"##,
            W - RIGHT,
            W - RIGHT,
            y - 4.0,
            num(t),
            esc(&unit_suffix(unit))
        );
    }
    if !points.is_empty() {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", LEFT + step * (i as f64 + 0.5), y_of(p.1)))
            .collect();
        let _ = write!(
            out,
            r##"<polyline class="series" fill="none" stroke="#1f5fa8" stroke-width="2" points="{}"/>"##,
            path.join(" ")
        );
        for (i, p) in points.iter().enumerate() {
            let _ = write!(
                out,
                r##"<circle class="point" fill="#1f5fa8" cx="{:.1}" cy="{:.1}" r="3.5"><title>{}: {}{}</title></circle>"##,
                LEFT + step * (i as f64 + 0.5),
                y_of(p.1),
                esc(&p.0),
                num(p.1),
                esc(&unit_suffix(unit))
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Grouped bars: for each label, actions opened and closed.
pub fn opened_closed(id: &str, title: &str, rows: &[(String, usize, usize)]) -> String {
    let mut out = String::new();
    let opened: usize = rows.iter().map(|r| r.1).sum();
    let closed: usize = rows.iter().map(|r| r.2).sum();
    open_svg(
        &mut out,
        id,
        title,
        &format!(
            "{opened} actions opened and {closed} closed over {} review periods",
            rows.len()
        ),
    );
    let (_, max, step) = scale(
        0.0,
        rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(0).max(1) as f64,
        true,
    );
    let labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    axes(&mut out, 0.0, max, step, &labels);
    let plot_h = H - TOP - BOTTOM;
    let step = (W - LEFT - RIGHT) / rows.len().max(1) as f64;
    let bar = (step * 0.35).min(24.0);
    for (i, (label, o, c)) in rows.iter().enumerate() {
        let cx = LEFT + step * (i as f64 + 0.5);
        for (k, (v, class, word, fill)) in [
            (*o, "opened", "opened", OPENED),
            (*c, "closed", "closed", CLOSED),
        ]
        .into_iter()
        .enumerate()
        {
            let h = plot_h * v as f64 / max;
            let x = cx - bar + bar * k as f64;
            let _ = write!(
                out,
                r#"<rect class="bar {class}" fill="{fill}" x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}"><title>{}: {v} {word}</title></rect>"#,
                TOP + plot_h - h,
                bar - 1.0,
                esc(label)
            );
        }
    }
    let lx = W - RIGHT - 150.0;
    let _ = write!(
        out,
        r#"<g class="legend"><rect class="bar opened" fill="{OPENED}" x="{lx:.1}" y="2" width="10" height="10"/><text x="{:.1}" y="11">opened</text><rect class="bar closed" fill="{CLOSED}" x="{:.1}" y="2" width="10" height="10"/><text x="{:.1}" y="11">closed</text></g>"#,
        lx + 14.0,
        lx + 80.0,
        lx + 94.0
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_readable() {
        assert_eq!(scale(0.0, 1.0, true), (0.0, 1.0, 1.0));
        assert_eq!(scale(3.2, 6.8, false), (0.0, 8.0, 2.0));
        assert_eq!(scale(91.0, 97.4, false), (90.0, 98.0, 2.0));
        assert_eq!(scale(0.0, 7.0, true), (0.0, 8.0, 2.0));
        let (lo, hi, _) = scale(-3.0, 2.0, true);
        assert!(lo <= -3.0 && hi >= 2.0);
    }
}
