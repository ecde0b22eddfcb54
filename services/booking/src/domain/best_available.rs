//! Choosing the best seats for a group, the way the best seat-map products do: side by side in
//! one row (an aisle breaks "side by side"; a couple seat comes with its pair), in the rows about
//! two thirds back, nearest the centre, never leaving a single free seat stranded between the
//! group and a taken seat, an aisle or the row's end when another choice avoids it. When no row
//! has room for the whole group, it is split into the fewest groups, in adjacent rows.
//!
//! This is pure: it ranks candidates over a snapshot of the hall. The hold then takes the first
//! candidate still free, in one atomic Redis step (see `repo::holds`), so two customers asking
//! at once get different seats.

use std::collections::{BTreeMap, HashSet};

use api_types::seats::ShowtimeSeating;
use uuid::Uuid;

/// A seat of the hall as the choice sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// Where it is drawn: seats side by side have consecutive columns in the same row.
    pub grid_row: i32,
    pub grid_column: i32,
    /// The position in the same slice of its couple partner, if it is a couple seat.
    pub partner: Option<usize>,
    /// Free now (not booked, held, blocked or kept from this buyer).
    pub free: bool,
    /// Of the kind asked for (and not a wheelchair space or companion seat, which are sold as
    /// such).
    pub wanted: bool,
}

/// The showtime's seats as the choice sees them, in the seating's order: free unless blocked or
/// in `taken`; wanted when of `seat_type` (any kind but wheelchair and companion spaces, which
/// are sold as such, when `None`).
pub fn spots(
    seating: &ShowtimeSeating,
    taken: &HashSet<Uuid>,
    seat_type: Option<&str>,
) -> Vec<Spot> {
    let seats = &seating.seats;
    seats
        .iter()
        .map(|seat| Spot {
            grid_row: seat.grid_row,
            grid_column: seat.grid_column,
            partner: seat.pair_with.and_then(|number| {
                seats.iter().position(|other| {
                    other.seat_row == seat.seat_row && other.seat_number == number
                })
            }),
            free: !seat.blocked && !taken.contains(&seat.id),
            wanted: match seat_type {
                Some(kind) => seat.seat_type == kind,
                None => !matches!(seat.seat_type.as_str(), "wheelchair" | "companion"),
            },
        })
        .collect()
}

/// One way to seat the group: the seats (positions in the slice given), and how many groups
/// they form (more than one only when the group had to be split).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub seats: Vec<usize>,
    pub groups: usize,
}

/// A run of seats side by side, and how it ranks (lower is better).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Placement {
    seats: Vec<usize>,
    /// Single free seats it would strand (0, 1 or 2).
    strands: u32,
    /// Doubled distances, so that two thirds back and the centre are whole numbers.
    row_distance: i32,
    centre_distance: i32,
    grid_row: i32,
    first_column: i32,
}

impl Placement {
    fn rank(&self) -> (u32, i32, i32, i32, i32) {
        (
            self.strands,
            self.row_distance,
            self.centre_distance,
            self.grid_row,
            self.first_column,
        )
    }
}

/// A block of seats side by side between aisles (or the row's ends), in column order. Couple
/// seats stay together as one unit of two.
struct Block {
    grid_row: i32,
    /// Units in column order; each unit is one seat, or a couple seat's two halves.
    units: Vec<Vec<usize>>,
}

fn blocks(spots: &[Spot]) -> Vec<Block> {
    let mut rows: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (index, spot) in spots.iter().enumerate() {
        rows.entry(spot.grid_row).or_default().push(index);
    }
    let mut blocks = Vec::new();
    for (grid_row, mut row) in rows {
        row.sort_by_key(|index| spots[*index].grid_column);
        let mut block = Block {
            grid_row,
            units: Vec::new(),
        };
        let mut last_column = None;
        let mut taken_into_unit = std::collections::HashSet::new();
        for index in row {
            let column = spots[index].grid_column;
            if last_column.is_some_and(|last| column != last + 1) && !block.units.is_empty() {
                blocks.push(std::mem::replace(
                    &mut block,
                    Block {
                        grid_row,
                        units: Vec::new(),
                    },
                ));
            }
            last_column = Some(column);
            if taken_into_unit.contains(&index) {
                continue;
            }
            match spots[index].partner {
                Some(partner) if spots[partner].grid_row == grid_row => {
                    taken_into_unit.insert(partner);
                    block.units.push(vec![index, partner]);
                }
                _ => block.units.push(vec![index]),
            }
        }
        if !block.units.is_empty() {
            blocks.push(block);
        }
    }
    blocks
}

/// The hall's shape: the row two thirds back and the centre column, both doubled.
fn target(spots: &[Spot]) -> (i32, i32) {
    let rows = spots.iter().map(|spot| spot.grid_row);
    let columns = spots.iter().map(|spot| spot.grid_column);
    let (first_row, last_row) = (rows.clone().min().unwrap_or(0), rows.max().unwrap_or(0));
    let (first, last) = (
        columns.clone().min().unwrap_or(0),
        columns.max().unwrap_or(0),
    );
    // Two thirds of the way from the front row to the back one, doubled: 2 * (f + 2(l - f)/3).
    (
        2 * first_row + (4 * (last_row - first_row) + 1) / 3,
        first + last,
    )
}

/// Every run of exactly `count` free wanted seats side by side, ranked best first.
fn placements(spots: &[Spot], count: usize) -> Vec<Placement> {
    let (target_row, centre) = target(spots);
    let unit_free = |unit: &Vec<usize>| unit.iter().all(|index| spots[*index].free);
    let unit_open = |unit: &Vec<usize>| unit_free(unit) && unit.iter().all(|i| spots[*i].wanted);
    let mut found = Vec::new();
    for block in blocks(spots) {
        let units = &block.units;
        for start in 0..units.len() {
            let mut seats = Vec::new();
            let mut end = start;
            while end < units.len() && seats.len() < count && unit_open(&units[end]) {
                seats.extend(units[end].iter().copied());
                end += 1;
            }
            if seats.len() != count {
                continue;
            }
            // A single free seat left between the group and what stops it on either side.
            let free_run = |range: &mut dyn Iterator<Item = usize>| {
                range
                    .take_while(|unit| unit_free(&units[*unit]))
                    .map(|unit| units[unit].len())
                    .sum::<usize>()
            };
            let left = free_run(&mut (0..start).rev());
            let right = free_run(&mut (end..units.len()));
            let strands = u32::from(left == 1) + u32::from(right == 1);
            let columns: Vec<i32> = seats.iter().map(|i| spots[*i].grid_column).collect();
            let (first_column, last_column) = (
                *columns.iter().min().unwrap_or(&0),
                *columns.iter().max().unwrap_or(&0),
            );
            seats.sort_by_key(|index| spots[*index].grid_column);
            found.push(Placement {
                seats,
                strands,
                row_distance: (2 * block.grid_row - target_row).abs(),
                centre_distance: (first_column + last_column - centre).abs(),
                grid_row: block.grid_row,
                first_column,
            });
        }
    }
    found.sort_by_key(Placement::rank);
    found
}

/// The best ways to seat `count` people, best first, at most `limit` of them: together in one
/// row when any row has room, else split into the fewest groups in adjacent rows.
pub fn choose(spots: &[Spot], count: usize, limit: usize) -> Vec<Choice> {
    if count == 0 || limit == 0 {
        return Vec::new();
    }
    let together: Vec<Choice> = placements(spots, count)
        .into_iter()
        .take(limit)
        .map(|placement| Choice {
            seats: placement.seats,
            groups: 1,
        })
        .collect();
    if !together.is_empty() {
        return together;
    }
    for groups in 2..=count {
        let split = split_into(spots, count, groups, limit);
        if !split.is_empty() {
            return split;
        }
    }
    Vec::new()
}

/// Every way of writing `total` as `parts` sizes of at least one, largest first in the front
/// rows or the back ones alike (order matters: each size goes to its own row).
fn compositions(total: usize, parts: usize) -> Vec<Vec<usize>> {
    if parts == 1 {
        return vec![vec![total]];
    }
    (1..=total.saturating_sub(parts - 1))
        .flat_map(|first| {
            compositions(total - first, parts - 1)
                .into_iter()
                .map(move |mut rest| {
                    rest.insert(0, first);
                    rest
                })
        })
        .collect()
}

/// The group split into `groups` runs in as many adjacent rows, ranked like single runs (summed).
fn split_into(spots: &[Spot], count: usize, groups: usize, limit: usize) -> Vec<Choice> {
    let mut rows: Vec<i32> = spots.iter().map(|spot| spot.grid_row).collect();
    rows.sort_unstable();
    rows.dedup();
    // The best run of each size in each row.
    let mut best: BTreeMap<(i32, usize), Placement> = BTreeMap::new();
    for size in 1..=count.saturating_sub(groups - 1) {
        for placement in placements(spots, size) {
            best.entry((placement.grid_row, size)).or_insert(placement);
        }
    }
    /// Strands, row distance, centre distance and front row, summed over the groups.
    type Rank = (u32, i32, i32, i32);
    let mut found: Vec<(Rank, Vec<usize>)> = Vec::new();
    for window in rows.windows(groups) {
        if window.windows(2).any(|pair| pair[1] != pair[0] + 1) {
            continue;
        }
        for sizes in compositions(count, groups) {
            let picked: Option<Vec<&Placement>> = window
                .iter()
                .zip(&sizes)
                .map(|(row, size)| best.get(&(*row, *size)))
                .collect();
            let Some(picked) = picked else { continue };
            let rank = picked.iter().fold((0, 0, 0, window[0]), |sum, p| {
                (
                    sum.0 + p.strands,
                    sum.1 + p.row_distance,
                    sum.2 + p.centre_distance,
                    sum.3,
                )
            });
            let seats = picked
                .iter()
                .flat_map(|p| p.seats.iter().copied())
                .collect();
            found.push((rank, seats));
        }
    }
    found.sort();
    found
        .into_iter()
        .take(limit)
        .map(|(_, seats)| Choice { seats, groups })
        .collect()
}

#[cfg(test)]
mod tests;
