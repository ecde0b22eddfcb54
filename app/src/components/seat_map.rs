//! The hall drawn from its layout: screen, rows, aisles and seats in their types' colours, each
//! seat a button. One seat at a time is in the tab order; the arrow keys move between seats
//! (Home and End to the ends of a row) and Enter or Space chooses, as in any grid of buttons.

use leptos::{ev::KeyboardEvent, prelude::*};

use super::seat_picker::{SeatPicker, type_colour};
use crate::{api::seats::SeatView, t};

/// The seats of each row in order across, for moving with the keyboard.
type Rows = Vec<Vec<(i32, String)>>;

fn rows_of(seats: &[SeatView]) -> Rows {
    let mut rows: std::collections::BTreeMap<i32, Vec<(i32, String)>> = Default::default();
    for seat in seats {
        rows.entry(seat.grid_row)
            .or_default()
            .push((seat.grid_column, seat.id.clone()));
    }
    rows.into_values()
        .map(|mut row| {
            row.sort();
            row
        })
        .collect()
}

/// The seat a key moves to from `id`, if any.
fn neighbour(rows: &Rows, id: &str, key: &str) -> Option<String> {
    let (row_index, position) = rows.iter().enumerate().find_map(|(r, row)| {
        row.iter()
            .position(|(_, seat)| seat == id)
            .map(|position| (r, position))
    })?;
    let row = &rows[row_index];
    let column = row[position].0;
    let nearest_in = |row: &Vec<(i32, String)>| {
        row.iter()
            .min_by_key(|(other, _)| (other - column).abs())
            .map(|(_, seat)| seat.clone())
    };
    match key {
        "ArrowLeft" => position.checked_sub(1).map(|p| row[p].1.clone()),
        "ArrowRight" => row.get(position + 1).map(|(_, seat)| seat.clone()),
        "Home" => row.first().map(|(_, seat)| seat.clone()),
        "End" => row.last().map(|(_, seat)| seat.clone()),
        "ArrowUp" => row_index.checked_sub(1).and_then(|r| nearest_in(&rows[r])),
        "ArrowDown" => rows.get(row_index + 1).and_then(nearest_in),
        _ => None,
    }
}

fn focus_seat(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .query_selector(&format!("[data-seat-id=\"{id}\"]"))
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

fn seat_class(picker: &SeatPicker, seat: &SeatView) -> String {
    let state = picker.state(&seat.id);
    let look = if state.mine {
        "bg-white text-ink-950 ring-2 ring-amber-400".to_owned()
    } else if picker.is_selected(&seat.id) {
        "bg-lime-300 text-ink-950 ring-2 ring-white".to_owned()
    } else {
        match state.status.as_str() {
            "available" if picker.at_counter && seat.counter_only => format!(
                "{} text-white ring-2 ring-fuchsia-400 hover:ring-white",
                type_colour(&seat.seat_type)
            ),
            "available" => format!(
                "{} text-white hover:ring-2 hover:ring-white",
                type_colour(&seat.seat_type)
            ),
            "blocked" => "bg-neutral-800 text-neutral-600 line-through cursor-not-allowed".into(),
            _ => "bg-neutral-600 text-neutral-300 cursor-not-allowed".into(),
        }
    };
    // At the box office, a touch screen: 48 px targets.
    let size = if picker.at_counter {
        "h-12 w-12 text-sm"
    } else {
        "h-[var(--seat)] w-[var(--seat)] text-[clamp(7px,calc(var(--seat)*0.36),11px)]"
    };
    format!(
        "flex {size} items-center justify-center rounded-md font-semibold \
         transition-colors focus:outline-none focus-visible:ring-4 focus-visible:ring-amber-300 {look}"
    )
}

/// What a seat's button shows of it.
#[derive(Clone, PartialEq)]
struct SeatLook {
    class: String,
    status: String,
    pressed: bool,
    description: String,
}

/// The seat's look, worked out once each time the picker's state changes rather than once per
/// attribute (the description alone is several translated messages; on the server every
/// attribute is read twice, and a hall has hundreds of seats).
fn seat_look(picker: SeatPicker, seat: SeatView) -> Memo<SeatLook> {
    Memo::new(move |_| {
        let state = picker.state(&seat.id);
        SeatLook {
            class: seat_class(&picker, &seat),
            pressed: picker.is_selected(&seat.id) || state.mine,
            status: state.status,
            description: picker.describe(&seat.id),
        }
    })
}

#[component]
pub fn SeatMap(
    picker: SeatPicker,
    seats: Vec<SeatView>,
    rows: usize,
    columns: usize,
) -> impl IntoView {
    let navigation = StoredValue::new(rows_of(&seats));
    let gap = if picker.at_counter {
        "h-12 w-12"
    } else {
        "h-[var(--seat)] w-[var(--seat)]"
    };
    // Online, seats shrink to fit a phone's width (pinch-zoom enlarges them to tap), up to 2rem;
    // at the box office, a touch screen, they stay 48 px.
    let fit = format!(
        "--seat: clamp(1rem, calc((100vw - 6.5rem) / {}), 2rem)",
        columns + 1
    );
    // The seat in the tab order: the first chosen one, else the first free one.
    let first = picker
        .selected
        .get_untracked()
        .first()
        .cloned()
        .or_else(|| {
            seats
                .iter()
                .find(|seat| seat.status == "available")
                .map(|seat| seat.id.clone())
        })
        .unwrap_or_default();
    let focused = RwSignal::new(first);

    let mut grid: Vec<Vec<Option<SeatView>>> = vec![vec![None; columns]; rows];
    for seat in seats {
        if let Some(cell) = grid
            .get_mut(seat.grid_row as usize)
            .and_then(|row| row.get_mut(seat.grid_column as usize))
        {
            *cell = Some(seat);
        }
    }

    let on_key = move |id: String, event: KeyboardEvent| {
        let key = event.key();
        if let Some(next) = navigation.with_value(|rows| neighbour(rows, &id, &key)) {
            event.prevent_default();
            focused.set(next.clone());
            focus_seat(&next);
        }
    };

    view! {
        <p id="seat-map-help" class="mb-4 text-center text-xs text-neutral-400">
            {t!("seat-map-help")}
        </p>
        <div class="mx-auto mb-2 h-2 w-2/3 rounded-full bg-gradient-to-r from-transparent via-amber-200/70 to-transparent" aria-hidden="true"></div>
        <p class="mb-6 text-center text-xs uppercase tracking-widest text-neutral-500">{t!("seat-screen")}</p>
        <div class="mx-auto flex w-max flex-col items-center gap-[2px] sm:gap-1.5" style=fit aria-describedby="seat-map-help" data-testid="seat-grid">
            {grid.into_iter().enumerate().map(|(row, cells)| {
                let row_label = char::from(b'A' + row as u8).to_string();
                let row_name = t!("seat-row", row = row_label.as_str());
                view! {
                    <div class="flex items-center gap-[2px] sm:gap-1.5" role="group" aria-label=row_name>
                        // Kept in view while a wide hall scrolls sideways.
                        <span class="sticky left-0 z-10 w-5 bg-ink-900 pr-1 text-right text-xs text-neutral-500" aria-hidden="true" data-testid="row-letter">{row_label}</span>
                        {cells.into_iter().map(|cell| match cell {
                            Some(seat) => {
                                let id = seat.id.clone();
                                let (id_click, id_key, id_focus, id_tab) = (id.clone(), id.clone(), id.clone(), id.clone());
                                let number = seat.seat_number;
                                let label = seat.label();
                                let look = seat_look(picker, seat);
                                view! {
                                    <button
                                        type="button"
                                        class=move || look.with(|look| look.class.clone())
                                        data-seat=label
                                        data-seat-id=id
                                        data-status=move || look.with(|look| look.status.clone())
                                        aria-pressed=move || look.with(|look| look.pressed.to_string())
                                        aria-label=move || look.with(|look| look.description.clone())
                                        title=move || look.with(|look| look.description.clone())
                                        tabindex=move || if focused.with(|f| *f == id_tab) { "0" } else { "-1" }
                                        on:click=move |_| {
                                            focused.set(id_click.clone());
                                            picker.toggle(&id_click);
                                        }
                                        on:keydown=move |event| on_key(id_key.clone(), event)
                                        on:focus=move |_| focused.set(id_focus.clone())
                                    >
                                        {number}
                                    </button>
                                }.into_any()
                            }
                            None => view! { <span class=gap aria-hidden="true"></span> }.into_any(),
                        }).collect_view()}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_move_across_rows_and_to_the_nearest_seat_above_or_below() {
        let rows: Rows = vec![
            vec![(0, "a1".into()), (1, "a2".into()), (3, "a3".into())],
            vec![(2, "b1".into()), (3, "b2".into())],
        ];
        assert_eq!(neighbour(&rows, "a1", "ArrowRight").as_deref(), Some("a2"));
        assert_eq!(neighbour(&rows, "a1", "ArrowLeft"), None);
        assert_eq!(neighbour(&rows, "a3", "ArrowDown").as_deref(), Some("b2"));
        assert_eq!(neighbour(&rows, "b1", "ArrowUp").as_deref(), Some("a2"));
        assert_eq!(neighbour(&rows, "b2", "ArrowDown"), None);
        assert_eq!(neighbour(&rows, "a2", "End").as_deref(), Some("a3"));
        assert_eq!(neighbour(&rows, "a3", "Home").as_deref(), Some("a1"));
        assert_eq!(neighbour(&rows, "a1", "x"), None);
    }
}
