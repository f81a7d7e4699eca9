//! SVG charts drawn by minutebook: a metric's trend against its target, and
//! actions opened and closed per review period. Plain inline SVG with a title
//! and description (no script, no external fonts), so charts print and work
//! offline; each chart also comes with its data as a table.

use super::html::escaped;
use std::fmt::Write;

const W: f64 = 640.0;
/// Room a trend chart's target label takes ("target 99.5 %" and more).
const LABEL_WIDTH: f64 = 110.0;
const H: f64 = 240.0;
/// Half the width of a label character, generously (the page's sans-serif at
/// its default size), to tell whether a centred label would be cut off.
const HALF_CHAR: f64 = 4.6;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 40.0;
/// Bar colours: blue and orange stay apart for colour-blind readers.
const OPENED: &str = "#1f5fa8";
const CLOSED: &str = "#c2410c";

/// A number for labels: no trailing `.0`, at most 2 decimals; in exponent
/// form (`1e308`) from 10^15 on, where rounding to cents would overflow or
/// print a wall of digits.
pub(crate) fn num(v: f64) -> String {
    if v.abs() >= 1e15 {
        return format!("{v:e}");
    }
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// The power of ten values are divided by before an axis is computed for
/// them: 0 for ordinary data, otherwise that of the largest magnitude, so
/// that finite but extreme values (±1e308, where `max - min` overflows to
/// infinity, or 5e-324, where a quarter of the range is 0) become numbers
/// between 1 and 10 and every coordinate drawn stays finite.
fn exponent(values: &[f64]) -> i32 {
    let big = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if big >= 1e15 || (big > 0.0 && big < 1e-6) {
        big.log10().floor() as i32
    } else {
        0
    }
}

/// `v` divided by 10^`exp`, in two steps so that neither factor overflows
/// or underflows (10^-324 is 0 as an `f64`, 10^±162 is not).
fn shrink(v: f64, exp: i32) -> f64 {
    if exp == 0 {
        return v;
    }
    let half = exp / 2;
    v / 10f64.powi(half) / 10f64.powi(exp - half)
}

/// A tick label for `v` on an axis drawn in units of 10^`exp`.
fn tick_label(v: f64, exp: i32) -> String {
    if exp == 0 || v == 0.0 {
        num(v)
    } else {
        format!("{}e{exp}", num(v))
    }
}

/// A readable axis for values between `min` and `max`: starts at 0 for
/// non-negative data near zero, steps of 1, 2, 2.5 or 5 × 10^k (whole steps for
/// whole-number data), four or five ticks. Returns (low, high, step), all
/// finite with low < high, for any finite `min` and `max` below 10^15 in
/// magnitude (callers bring larger data into range with [`exponent`]).
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
    let hi = hi.max(lo + step);
    let ticks = (hi - lo) / step;
    if lo.is_finite() && hi.is_finite() && hi > lo && step > 0.0 && ticks <= 12.0 {
        return (lo, hi, step);
    }
    // Data the steps above cannot resolve (two values one rounding error
    // apart): a plain axis around them, still finite and never flat.
    let (lo, hi) = (min - 1.0, max + 1.0);
    (lo, hi, hi - lo)
}

fn open_svg(out: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="chart" role="img" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        escaped(title),
        escaped(desc)
    );
}

/// Grid lines and tick labels for the axis (`lo`, `hi`, `step`) in units of
/// 10^`exp`, and the category labels below the plot.
fn axes(out: &mut String, (lo, hi, step): (f64, f64, f64), exp: i32, labels: &[String]) {
    let plot_h = H - TOP - BOTTOM;
    let ticks = ((hi - lo) / step).round().clamp(1.0, 12.0) as i32;
    for i in 0..=ticks {
        let v = lo + step * f64::from(i);
        let y = TOP + plot_h - plot_h * (v - lo) / (hi - lo);
        let _ = write!(
            out,
            r##"<line class="grid" stroke="#d0d7de" stroke-width="1" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            tick_label(v, exp)
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
        // Centred under its point, unless that would run past the right
        // edge (many points put the last one there): then it ends at the edge.
        let (x, anchor) = if x + HALF_CHAR * l.chars().count() as f64 > W {
            (W - 2.0, "end")
        } else {
            (x, "middle")
        };
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            H - BOTTOM + 16.0,
            escaped(l)
        );
    }
}

/// A line chart of values (label, value) with an optional target line.
pub(crate) fn trend(
    id: &str,
    title: &str,
    points: &[(String, f64)],
    target: Option<f64>,
    unit: &str,
) -> String {
    let mut out = String::new();
    let desc = match (points.first(), points.last()) {
        (Some(a), Some(b)) => {
            let u = if unit.is_empty() {
                String::new()
            } else {
                format!(" in {unit}")
            };
            format!(
                "{} values{u}, from {} ({}) to {} ({})",
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
    // Drawn in units of 10^exp (exp is 0 for ordinary data).
    let exp = exponent(&values);
    let values: Vec<f64> = values.iter().map(|v| shrink(*v, exp)).collect();
    let whole = values.iter().all(|v| v.fract() == 0.0);
    let (lo, hi, step) = if values.is_empty() {
        (0.0, 1.0, 0.25)
    } else {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        scale(min, max, whole)
    };
    let labels: Vec<String> = points.iter().map(|p| p.0.clone()).collect();
    axes(&mut out, (lo, hi, step), exp, &labels);
    let plot_h = H - TOP - BOTTOM;
    let y_of = |v: f64| TOP + plot_h - plot_h * (shrink(v, exp) - lo) / (hi - lo);
    let step = (W - LEFT - RIGHT) / points.len().max(1) as f64;
    // The unit, once, above the value axis (`%`, `days`): every label and
    // value elsewhere in the chart is a plain number.
    if !unit.is_empty() {
        let _ = write!(
            out,
            r#"<text class="axis-unit" x="{:.1}" y="13" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            escaped(unit)
        );
    }
    // The last value, written by its point: above it, else below it, where
    // neither the plot's edge cuts it off nor the target line crosses it.
    // (x, baseline, half width, text, the point's y).
    let target_y = target.map(y_of);
    let mut last = points.last().map(|p| {
        let x = LEFT + step * (points.len() as f64 - 0.5);
        let y = y_of(p.1);
        let text = num(p.1);
        let half = HALF_CHAR * text.chars().count() as f64;
        let fits = |base: f64| {
            base - 12.0 >= TOP - 6.0
                && base <= H - BOTTOM
                && !target_y.is_some_and(|t| t > base - 14.0 && t < base + 4.0)
        };
        let base = [y - 8.0, y + 18.0]
            .into_iter()
            .find(|b| fits(*b))
            .unwrap_or(if y - 21.0 < TOP - 6.0 {
                y + 18.0
            } else {
                y - 8.0
            });
        (x, base, half, text, y)
    });
    if let Some(t) = target {
        let y = y_of(t);
        // The label goes at the right end above the line, else below it,
        // else at the left end: the first place no point covers.
        let dots: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .map(|(i, p)| (LEFT + step * (i as f64 + 0.5), y_of(p.1)))
            .collect();
        let free = |(x, end, base): (f64, bool, f64)| {
            let (left, right) = if end {
                (x - LABEL_WIDTH, x)
            } else {
                (x, x + LABEL_WIDTH)
            };
            (11.0..H - BOTTOM).contains(&base)
                && !dots.iter().any(|&(px, py)| {
                    px > left - 5.0 && px < right + 5.0 && py > base - 17.0 && py < base + 6.0
                })
                && !last.as_ref().is_some_and(|(lx, lb, half, _, _)| {
                    lx + half > left - 4.0
                        && lx - half < right + 4.0
                        && *lb > base - 15.0
                        && *lb < base + 15.0
                })
        };
        let spots = [
            (W - RIGHT, true, y - 4.0),
            (W - RIGHT, true, y + 14.0),
            (LEFT + 4.0, false, y - 4.0),
            (LEFT + 4.0, false, y + 14.0),
        ];
        let found = spots.into_iter().find(|s| free(*s));
        let (lx, end, ly) = found.unwrap_or(spots[0]);
        // Nowhere free (points crowd both ends of the line): the target
        // label keeps the right end and the last value moves up or down
        // until the two are apart.
        if let Some((px, base, half, _, py)) = last.as_mut().filter(|_| found.is_none()) {
            let py = *py;
            let (left, right) = (lx - LABEL_WIDTH, lx);
            if let Some(b) = [py - 8.0, py + 18.0, py - 24.0, py + 34.0, py - 40.0]
                .into_iter()
                .find(|b| {
                    (b - 12.0 >= 0.0 && *b <= H - BOTTOM)
                        && (*px + *half < left - 4.0
                            || *px - *half > right + 4.0
                            || *b <= ly - 15.0
                            || *b >= ly + 15.0)
                        && !(b - 14.0 < y && y < b + 4.0)
                })
            {
                *base = b;
            }
        }
        let _ = write!(
            out,
            r##"<line class="target" stroke="#b45309" stroke-width="1.5" stroke-dasharray="6 4" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="target-label" x="{lx:.1}" y="{ly:.1}" text-anchor="{}">target {}</text>"##,
            W - RIGHT,
            if end { "end" } else { "start" },
            num(t)
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
                r##"<circle class="point" fill="#1f5fa8" cx="{:.1}" cy="{:.1}" r="3.5"><title>{}: {}</title></circle>"##,
                LEFT + step * (i as f64 + 0.5),
                y_of(p.1),
                escaped(&p.0),
                num(p.1)
            );
        }
    }
    if let Some((x, base, half, text, _)) = last {
        let (x, anchor) = if x + half > W - 2.0 {
            (W - 2.0, "end")
        } else {
            (x, "middle")
        };
        let _ = write!(
            out,
            r#"<text class="last-label" x="{x:.1}" y="{base:.1}" text-anchor="{anchor}">{text}</text>"#
        );
    }
    out.push_str("</svg>");
    out
}

/// Grouped bars: for each label, actions opened and closed.
pub(crate) fn opened_closed(id: &str, title: &str, rows: &[(String, usize, usize)]) -> String {
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
    axes(&mut out, (0.0, max, step), 0, &labels);
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
                escaped(label)
            );
        }
    }
    // The legend sits in the room above the plot, its words' full height
    // (ascent included) inside the chart: at y = 11 their tops were cut
    // off by the drawing's edge (caught in Chromium).
    let lx = W - RIGHT - 150.0;
    let _ = write!(
        out,
        r#"<g class="legend"><rect class="bar opened" fill="{OPENED}" x="{lx:.1}" y="5" width="10" height="10"/><text x="{:.1}" y="14">opened</text><rect class="bar closed" fill="{CLOSED}" x="{:.1}" y="5" width="10" height="10"/><text x="{:.1}" y="14">closed</text></g>"#,
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

    /// The category labels under a chart: (x, anchor, text).
    fn category_labels(svg: &str) -> Vec<(f64, String, String)> {
        svg.split(r#"<text class="tick" x=""#)
            .skip(1)
            .filter_map(|t| {
                let (x, rest) = t.split_once('"')?;
                let anchor = rest.split("text-anchor=\"").nth(1)?.split('"').next()?;
                let text = rest.split_once('>')?.1.split('<').next()?;
                // The value axis's labels are numbers; these are dates.
                text.starts_with("20").then(|| {
                    (
                        x.parse().unwrap_or(f64::NAN),
                        anchor.to_string(),
                        text.to_string(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn the_last_label_stays_inside_the_chart() {
        let dated = |n: usize| -> Vec<(String, f64)> {
            (0..n)
                .map(|i| (format!("20{:02}-{:02}", 10 + i / 12, 1 + i % 12), 1.0))
                .collect()
        };
        // Few points: every label centred under its point.
        let few = category_labels(&trend("c", "T", &dated(10), None, ""));
        assert!(few.iter().all(|(_, a, _)| a == "middle"), "{few:?}");
        assert_eq!(few.last().map(|l| l.2.as_str()), Some("2010-10"));
        // Sixty: the last point sits 21 px from the edge, so its label ends there.
        let many = category_labels(&trend("c", "T", &dated(60), None, ""));
        let (x, anchor, text) = many.last().expect("a last label");
        assert_eq!(
            (*x, anchor.as_str(), text.as_str()),
            (W - 2.0, "end", "2014-12")
        );
        assert!(many[..many.len() - 1].iter().all(|(_, a, _)| a == "middle"));
    }

    /// Labelled points p0, p1, ... with these values.
    fn pts(vs: &[f64]) -> Vec<(String, f64)> {
        vs.iter()
            .enumerate()
            .map(|(i, v)| (format!("p{i}"), *v))
            .collect()
    }

    /// The y of the target label and of the target line in a trend's SVG.
    fn target_label_and_line(svg: &str) -> (f64, f64) {
        let attr = |from: &str, key: &str| -> f64 {
            let rest = &svg[svg.find(from).unwrap()..];
            let at = rest.find(key).unwrap() + key.len();
            rest[at..].split('"').next().unwrap().parse().unwrap()
        };
        (
            attr("<text class=\"target-label\"", " y=\""),
            attr("<line class=\"target\"", " y1=\""),
        )
    }

    #[test]
    fn target_label_goes_where_no_point_covers_it() {
        // Far from the target: the label is above the line.
        let (label, line) =
            target_label_and_line(&trend("a", "A", &pts(&[80.0, 82.0, 81.0]), Some(95.0), "%"));
        assert!(label < line, "{label} {line}");
        // The last points sit just above the target, where the label was.
        let (label, line) = target_label_and_line(&trend(
            "b",
            "B",
            &pts(&[90.0, 91.0, 92.0, 93.0, 94.0, 94.5, 95.2, 95.5, 95.6, 95.4]),
            Some(95.0),
            "%",
        ));
        assert!(label > line, "{label} {line}");
        // Points just above and just below the line at the right end (the
        // demo's patch chart): the label moves to the left end.
        let svg = trend(
            "c",
            "C",
            &pts(&[81.0, 86.0, 89.0, 92.0, 93.5, 90.2, 93.2, 95.4, 94.1]),
            Some(95.0),
            "%",
        );
        assert!(
            svg.contains("text-anchor=\"start\">target 95</text>"),
            "{svg}"
        );
    }

    /// (x, baseline, anchor, text) of the first `<text class="{class}"`.
    fn text_of(svg: &str, class: &str) -> Option<(f64, f64, String, String)> {
        let rest = svg.split(&format!("<text class=\"{class}\" ")).nth(1)?;
        let attr = |k: &str| -> Option<String> {
            Some(
                rest.split(&format!("{k}=\""))
                    .nth(1)?
                    .split('"')
                    .next()?
                    .to_string(),
            )
        };
        let text = rest.split_once('>')?.1.split('<').next()?.to_string();
        Some((
            attr("x")?.parse().ok()?,
            attr("y")?.parse().ok()?,
            attr("text-anchor")?,
            text,
        ))
    }

    /// The box a label takes: (left, right, top, bottom).
    fn label_box((x, y, anchor, text): &(f64, f64, String, String)) -> (f64, f64, f64, f64) {
        let w = 2.0 * HALF_CHAR * text.chars().count() as f64;
        let left = match anchor.as_str() {
            "end" => x - w,
            "middle" => x - w / 2.0,
            _ => *x,
        };
        (left, left + w, y - 12.0, y + 3.0)
    }

    #[test]
    fn the_unit_is_said_once() {
        let svg = trend("u", "Patched", &pts(&[81.0, 90.5, 94.1]), Some(95.0), "%");
        assert_eq!(
            svg.matches('%').count(),
            2,
            "the axis and the description: {svg}"
        );
        assert_eq!(
            text_of(&svg, "axis-unit").map(|t| t.3),
            Some("%".to_string())
        );
        assert!(svg.contains("<title>p2: 94.1</title>"), "{svg}");
        assert_eq!(
            text_of(&svg, "last-label").map(|t| t.3),
            Some("94.1".into())
        );
        let counts = trend("n", "Open", &pts(&[7.0, 3.0]), None, "count");
        assert!(
            !counts.contains("7 count") && !counts.contains("3 count"),
            "{counts}"
        );
        // No unit: no unit label.
        assert!(!trend("x", "X", &pts(&[1.0]), None, "").contains("axis-unit"));
    }

    #[test]
    fn the_last_value_and_the_target_label_never_overlap() {
        let overlap = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
            a.0 < b.1 && b.0 < a.1 && a.2 < b.3 && b.2 < a.3
        };
        let series: Vec<Vec<f64>> = vec![
            vec![81.0, 86.0, 89.0, 92.0, 93.5, 90.2, 93.2, 95.4, 94.1],
            vec![90.0, 94.0, 95.0],
            vec![96.0, 95.5, 95.1],
            vec![99.0, 98.0, 94.9],
            vec![95.0],
            vec![0.0, 1.0, 0.0, 2.0, 0.0],
        ];
        for values in series {
            for target in [95.0, 0.0, 1.0, 99.5] {
                let svg = trend("o", "O", &pts(&values), Some(target), "%");
                let last = text_of(&svg, "last-label").expect("a last value");
                let tl = text_of(&svg, "target-label").expect("a target label");
                assert!(
                    !overlap(label_box(&last), label_box(&tl)),
                    "{values:?} target {target}: {last:?} over {tl:?}"
                );
                assert!(last.1 - 12.0 >= 0.0 && last.1 <= H, "{last:?}");
            }
        }
    }

    /// Every number in the SVG's coordinate attributes.
    fn coordinates(svg: &str) -> Vec<f64> {
        let mut out = Vec::new();
        for attr in [
            "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height",
        ] {
            let key = format!(" {attr}=\"");
            for (at, _) in svg.match_indices(&key) {
                let rest = &svg[at + key.len()..];
                let value = &rest[..rest.find('"').unwrap_or(rest.len())];
                out.push(value.parse().unwrap_or(f64::NAN));
            }
        }
        for (at, _) in svg.match_indices(" points=\"") {
            let rest = &svg[at + 9..];
            let value = &rest[..rest.find('"').unwrap_or(rest.len())];
            for n in value.split([' ', ',']).filter(|n| !n.is_empty()) {
                out.push(n.parse().unwrap_or(f64::NAN));
            }
        }
        out
    }

    fn assert_drawable(svg: &str) {
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        let coords = coordinates(svg);
        assert!(coords.len() > 10, "{svg}");
        for c in coords {
            assert!(c.is_finite() && c.abs() <= 10.0 * W, "{c} in {svg}");
        }
    }

    #[test]
    fn extreme_finite_values_give_finite_coordinates() {
        let cases: Vec<(Vec<f64>, Option<f64>)> = vec![
            (vec![1e308, -1e308], None),
            (vec![-1e308, 1e308, 0.0], Some(1e308)),
            (vec![f64::MAX, f64::MIN, 5.0], Some(-1e308)),
            (vec![f64::MAX, f64::MAX], Some(f64::MAX)),
            (vec![1e308, 1e308 * (1.0 - f64::EPSILON)], None),
            (vec![5e-324, -5e-324, 0.0], Some(f64::MIN_POSITIVE)),
            (vec![1e15, 1e15 + 0.125], None),
            (vec![3.0], Some(-1e308)),
        ];
        for (values, target) in cases {
            let svg = trend("m", "Metric", &pts(&values), target, "%");
            assert_drawable(&svg);
        }
        let svg = trend("m", "Metric", &pts(&[1e308, -1e308]), None, "");
        assert!(
            svg.contains(">1e308</text>"),
            "the top tick reads 1e308: {svg}"
        );
        assert_drawable(&opened_closed(
            "a",
            "Actions",
            &[("Q1".into(), usize::MAX, 0), ("Q2".into(), 0, usize::MAX)],
        ));
    }

    #[test]
    fn ordinary_data_keep_their_plain_labels() {
        let svg = trend(
            "m",
            "Metric",
            &[("Q1".into(), 91.0), ("Q2".into(), 97.4)],
            Some(95.0),
            "%",
        );
        assert!(
            svg.contains(">90</text>") && svg.contains(">98</text>"),
            "{svg}"
        );
    }
}
