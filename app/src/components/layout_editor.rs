//! The visual hall-layout editor: pick a brush (a seat type, an aisle, or "blocked"), click
//! cells to paint them, and see the seat map with its numbering as it will be sold. The grid
//! writes the layout and the blocked seats into fields that the form submits, so without
//! JavaScript the same can be typed.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::t;

/// The brush that marks a seat as not for sale (or back), rather than setting its type.
const BLOCK: char = 'X';

/// Each brush: its layout code, the message naming it and its look.
const BRUSHES: [(char, &str, &str); 6] = [
    ('S', "layout-standard", "bg-sky-700"),
    ('V', "layout-vip", "bg-amber-500"),
    ('C', "layout-couple", "bg-rose-500"),
    ('W', "layout-wheelchair", "bg-emerald-600"),
    ('P', "layout-companion", "bg-teal-400"),
    (
        '.',
        "layout-aisle",
        "bg-transparent border border-dashed border-white/20",
    ),
];

fn cell_class(code: char) -> &'static str {
    BRUSHES
        .iter()
        .find(|(brush, _, _)| *brush == code)
        .map_or("bg-neutral-700", |(_, _, class)| class)
}

fn cell_name(code: char) -> String {
    let key = BRUSHES
        .iter()
        .find(|(brush, _, _)| *brush == code)
        .map_or("layout-unknown", |(_, key, _)| key);
    t!(key)
}

fn parse(text: &str) -> Vec<Vec<char>> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| line.chars().collect())
        .collect()
}

fn render(grid: &[Vec<char>]) -> String {
    grid.iter()
        .map(|row| row.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The seat at a grid cell, as it is sold: `B5`; `None` for an aisle.
fn seat_label(grid: &[Vec<char>], row: usize, column: usize) -> Option<String> {
    let cells = grid.get(row)?;
    if *cells.get(column)? == '.' {
        return None;
    }
    let number = cells[..=column].iter().filter(|cell| **cell != '.').count();
    Some(format!("{}{number}", char::from(b'A' + row as u8)))
}

fn blocked_text(grid: &[Vec<char>], blocked: &BTreeSet<(usize, usize)>) -> String {
    blocked
        .iter()
        .filter_map(|(row, column)| seat_label(grid, *row, *column))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_blocked(grid: &[Vec<char>], text: &str) -> BTreeSet<(usize, usize)> {
    let wanted: BTreeSet<String> = text
        .split(',')
        .map(|label| label.trim().to_uppercase())
        .filter(|label| !label.is_empty())
        .collect();
    let mut cells = BTreeSet::new();
    for (row, cells_in_row) in grid.iter().enumerate() {
        for column in 0..cells_in_row.len() {
            if seat_label(grid, row, column).is_some_and(|label| wanted.contains(&label)) {
                cells.insert((row, column));
            }
        }
    }
    cells
}

fn resize(grid: &mut Vec<Vec<char>>, rows: usize, columns: usize) {
    grid.resize_with(rows, Vec::new);
    for row in grid.iter_mut() {
        row.resize(columns, 'S');
    }
}

#[component]
pub fn LayoutEditor(initial: String, initial_blocked: String) -> impl IntoView {
    let start = if initial.trim().is_empty() {
        vec![vec!['S'; 10]; 6]
    } else {
        parse(&initial)
    };
    let blocked = RwSignal::new(parse_blocked(&start, &initial_blocked));
    let grid = RwSignal::new(start);
    let brush = RwSignal::new('S');
    let rows = move || grid.with(Vec::len);
    let columns = move || grid.with(|g| g.iter().map(Vec::len).max().unwrap_or(0));
    let set_size = move |rows: usize, columns: usize| {
        grid.update(|g| resize(g, rows.clamp(1, 26), columns.clamp(1, 40)));
    };
    let button = "rounded-lg border border-white/15 px-3 py-1.5 text-sm hover:bg-white/5";

    view! {
        <div class="flex flex-col gap-4" data-testid="layout-editor">
            <div class="flex flex-wrap items-center gap-2" role="toolbar" aria-label=t!("layout-brush")>
                {BRUSHES.iter().chain(&[(BLOCK, "layout-blocked", "bg-neutral-700 line-through")]).map(|(code, name, class)| {
                    let code = *code;
                    view! {
                        <button
                            type="button"
                            class=button
                            aria-pressed=move || (brush.get() == code).to_string()
                            class:ring-2=move || brush.get() == code
                            class:ring-amber-400=move || brush.get() == code
                            on:click=move |_| brush.set(code)
                        >
                            <span class=format!("mr-2 inline-block h-3 w-3 rounded-sm align-middle {class}")></span>
                            {t!(*name)}
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="flex flex-wrap items-center gap-2 text-sm">
                <span class="text-neutral-400">{move || t!("layout-size", rows = rows(), columns = columns())}</span>
                <button type="button" class=button on:click=move |_| set_size(rows() + 1, columns())>{t!("layout-add-row")}</button>
                <button type="button" class=button on:click=move |_| set_size(rows().saturating_sub(1), columns())>{t!("layout-remove-row")}</button>
                <button type="button" class=button on:click=move |_| set_size(rows(), columns() + 1)>{t!("layout-add-column")}</button>
                <button type="button" class=button on:click=move |_| set_size(rows(), columns().saturating_sub(1))>{t!("layout-remove-column")}</button>
            </div>
            <div class="overflow-x-auto rounded-xl border border-white/10 bg-ink-950 p-4">
                <div class="mx-auto mb-4 h-2 w-2/3 rounded-full bg-gradient-to-r from-transparent via-amber-200/70 to-transparent" aria-hidden="true"></div>
                <p class="mb-3 text-center text-xs uppercase tracking-widest text-neutral-500">{t!("layout-screen")}</p>
                <div class="flex flex-col items-center gap-1" data-testid="layout-grid">
                    {move || grid.get().into_iter().enumerate().map(|(r, row)| {
                        let label = char::from(b'A' + r as u8);
                        let mut number: usize = 0;
                        view! {
                            <div class="flex items-center gap-1">
                                <span class="w-5 text-right text-xs text-neutral-500">{label.to_string()}</span>
                                {row.into_iter().enumerate().map(|(c, code)| {
                                    let row_name = label.to_string();
                                    let is_blocked = code != '.' && blocked.with(|b| b.contains(&(r, c)));
                                    let seat_label = if code == '.' {
                                        t!("layout-cell-aisle", row = row_name, column = c + 1)
                                    } else {
                                        number += 1;
                                        let key = if is_blocked { "layout-cell-seat-blocked" } else { "layout-cell-seat" };
                                        t!(key, row = row_name, number = number, kind = cell_name(code))
                                    };
                                    let text = if code == '.' { String::new() } else { number.to_string() };
                                    let look = if is_blocked { "bg-neutral-700 line-through opacity-60" } else { cell_class(code) };
                                    view! {
                                        <button
                                            type="button"
                                            class=format!("h-7 w-7 rounded text-[10px] font-semibold text-white/90 {look}")
                                            aria-label=seat_label
                                            data-cell=format!("{r}-{c}")
                                            on:click=move |_| {
                                                let chosen = brush.get_untracked();
                                                if chosen == BLOCK {
                                                    blocked.update(|b| {
                                                        if !b.remove(&(r, c)) {
                                                            b.insert((r, c));
                                                        }
                                                    });
                                                } else {
                                                    grid.update(|g| {
                                                        if let Some(cell) = g.get_mut(r).and_then(|row| row.get_mut(c)) {
                                                            *cell = chosen;
                                                        }
                                                    });
                                                }
                                            }
                                        >
                                            {text}
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                        }
                    }).collect_view()}
                </div>
            </div>
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-300">{t!("layout-as-text")}</span>
                <textarea
                    name="layout"
                    rows="8"
                    class="rounded-lg border border-white/15 bg-ink-950 p-3 font-mono text-sm text-white"
                    prop:value=move || render(&grid.get())
                    on:change=move |event| grid.set(parse(&event_target_value(&event)))
                >
                    {render(&grid.get_untracked())}
                </textarea>
            </label>
            <label class="flex flex-col gap-1 text-sm">
                <span class="text-neutral-300">{t!("layout-blocked-seats")}</span>
                <input
                    name="blocked"
                    class="rounded-lg border border-white/15 bg-ink-950 px-3 py-2 text-white"
                    prop:value=move || grid.with(|g| blocked.with(|b| blocked_text(g, b)))
                    value=initial_blocked
                    on:change=move |event| {
                        let text = event_target_value(&event);
                        blocked.set(grid.with_untracked(|g| parse_blocked(g, &text)));
                    }
                />
            </label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_grid_round_trip() {
        let grid = parse("SS.SS\n\nVV.CC\n");
        assert_eq!(grid.len(), 2);
        assert_eq!(render(&grid), "SS.SS\nVV.CC");
    }

    #[test]
    fn blocked_seats_are_named_as_sold() {
        let grid = parse("SS.SS\nVV.VV");
        let blocked = parse_blocked(&grid, "a3, B1, Z9");
        assert_eq!(blocked, BTreeSet::from([(0, 3), (1, 0)]));
        assert_eq!(blocked_text(&grid, &blocked), "A3, B1");
    }

    #[test]
    fn resizing_pads_with_standard_seats() {
        let mut grid = parse("SS");
        resize(&mut grid, 2, 3);
        assert_eq!(render(&grid), "SSS\nSSS");
    }
}
