//! The seat-map curve as a small SVG line chart, written by hand (a plotting crate would be
//! most of the bench's build for one picture): p50 and p99 latency (ms) against connections on a
//! log scale, each point labelled with its throughput, with axes, grid and a legend.

use std::fmt::Write;

use crate::scenarios::CurvePoint;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 420.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 60.0;
/// Room between the plot's edges and its first and last points.
const INSET: f64 = 24.0;
const P50_COLOUR: &str = "#2563eb";
const P99_COLOUR: &str = "#dc2626";

/// A linear map from a domain of values onto a range of pixels.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Scale {
    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if (d1 - d0).abs() < f64::EPSILON {
            return (r0 + r1) / 2.0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at least `value`, for the
/// top of the latency axis.
pub fn nice_ceiling(value: f64) -> f64 {
    if !value.is_finite() || value <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powi(value.log10().floor() as i32);
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|candidate| *candidate >= value * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

fn milliseconds(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

/// The chart, or `None` without points.
pub fn seat_map_svg(points: &[CurvePoint]) -> Option<String> {
    if points.is_empty() {
        return None;
    }
    let log = |connections: usize| (connections.max(1) as f64).log2();
    let lowest = points
        .iter()
        .map(|p| log(p.connections))
        .fold(f64::INFINITY, f64::min);
    let highest = points
        .iter()
        .map(|p| log(p.connections))
        .fold(f64::NEG_INFINITY, f64::max);
    let x = Scale {
        domain: (lowest, highest),
        range: (LEFT + INSET, WIDTH - RIGHT - INSET),
    };
    let top_ms = nice_ceiling(
        points
            .iter()
            .map(|p| p.p99_ms.max(p.p50_ms))
            .fold(0.0, f64::max)
            * 1.1,
    );
    let y = Scale {
        domain: (0.0, top_ms),
        range: (HEIGHT - BOTTOM, TOP),
    };
    let (plot_right, plot_bottom) = (WIDTH - RIGHT, HEIGHT - BOTTOM);
    let mut svg = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        svg,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="28" font-size="15" font-weight="bold">Seat map: latency against connections (GET /showtimes/{{id}}/seats)</text>"#
    );
    for tick in 0..=5_u32 {
        let value = top_ms * f64::from(tick) / 5.0;
        let at = y.map(value);
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{at:.1}" x2="{plot_right}" y2="{at:.1}" stroke="#e5e7eb"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            LEFT - 6.0,
            at + 4.0,
            milliseconds(value)
        );
    }
    for point in points {
        let at = x.map(log(point.connections));
        let _ = writeln!(
            svg,
            r##"<line x1="{at:.1}" y1="{plot_bottom}" x2="{at:.1}" y2="{:.1}" stroke="#374151"/><text x="{at:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            plot_bottom + 5.0,
            plot_bottom + 18.0,
            point.connections
        );
    }
    let _ = writeln!(
        svg,
        r##"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{plot_bottom}" stroke="#374151"/><line x1="{LEFT}" y1="{plot_bottom}" x2="{plot_right}" y2="{plot_bottom}" stroke="#374151"/>"##
    );
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">concurrent connections (log scale)</text>"#,
        (LEFT + plot_right) / 2.0,
        HEIGHT - 18.0
    );
    let _ = writeln!(
        svg,
        r#"<text transform="translate(18 {:.1}) rotate(-90)" text-anchor="middle">latency (ms)</text>"#,
        (TOP + plot_bottom) / 2.0
    );
    for (colour, latency) in [(P50_COLOUR, 0), (P99_COLOUR, 1)] {
        let value = |point: &CurvePoint| {
            if latency == 0 {
                point.p50_ms
            } else {
                point.p99_ms
            }
        };
        let path: Vec<String> = points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x.map(log(p.connections)), y.map(value(p))))
            .collect();
        let _ = writeln!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            path.join(" ")
        );
        for point in points {
            let _ = writeln!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"/>"#,
                x.map(log(point.connections)),
                y.map(value(point))
            );
        }
    }
    for point in points {
        let _ = writeln!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#374151">{:.0} req/s</text>"##,
            x.map(log(point.connections)),
            y.map(point.p99_ms.max(point.p50_ms)) - 10.0,
            point.throughput
        );
    }
    let legend_x = plot_right + 16.0;
    for (row, (colour, label)) in [(P50_COLOUR, "p50"), (P99_COLOUR, "p99")]
        .into_iter()
        .enumerate()
    {
        let at = TOP + 10.0 + 20.0 * row as f64;
        let _ = writeln!(
            svg,
            r#"<line x1="{legend_x}" y1="{at}" x2="{:.1}" y2="{at}" stroke="{colour}" stroke-width="2"/><text x="{:.1}" y="{:.1}">{label} latency</text>"#,
            legend_x + 22.0,
            legend_x + 28.0,
            at + 4.0
        );
    }
    let _ = writeln!(
        svg,
        r##"<text x="{legend_x}" y="{:.1}" fill="#374151">label: throughput</text>"##,
        TOP + 54.0
    );
    svg.push_str("</svg>\n");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(connections: usize, p50_ms: f64, p99_ms: f64) -> CurvePoint {
        CurvePoint {
            connections,
            throughput: 1000.0 * connections as f64,
            p50_ms,
            p99_ms,
        }
    }

    #[test]
    fn the_latency_axis_ends_on_a_round_number() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.3), 10.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(21.0), 25.0);
        assert_eq!(nice_ceiling(250.0), 250.0);
        assert!((nice_ceiling(0.03) - 0.05).abs() < 1e-12);
    }

    #[test]
    fn scales_map_their_ends_and_a_single_value_to_the_middle() {
        let scale = Scale {
            domain: (0.0, 10.0),
            range: (360.0, 40.0),
        };
        assert_eq!(scale.map(0.0), 360.0);
        assert_eq!(scale.map(10.0), 40.0);
        assert_eq!(scale.map(5.0), 200.0);
        let flat = Scale {
            domain: (5.0, 5.0),
            range: (100.0, 300.0),
        };
        assert_eq!(flat.map(5.0), 200.0);
    }

    #[test]
    fn the_chart_draws_both_percentiles_through_every_point() {
        let points = [
            point(1, 1.0, 2.0),
            point(4, 2.0, 5.0),
            point(32, 8.0, 30.0),
            point(64, 15.0, 60.0),
        ];
        let svg = seat_map_svg(&points).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 8);
        assert_eq!(svg.matches(" req/s</text>").count(), 4);
        assert!(svg.contains("p50 latency") && svg.contains("p99 latency"));
        // The busiest point's p99 is the highest mark, inside the plot.
        let top = Scale {
            domain: (0.0, nice_ceiling(66.0)),
            range: (HEIGHT - BOTTOM, TOP),
        };
        assert!(top.map(60.0) > TOP);
        assert!(seat_map_svg(&[]).is_none());
    }
}
