use proptest::prelude::*;

use super::*;

/// A hall from text: `S` a free seat, `x` a taken one, `C` couple seats (pairs from the left),
/// `c` a taken couple seat, `W`/`P` wheelchair and companion spaces, `.` an aisle.
fn hall(rows: &[&str]) -> Vec<Spot> {
    let mut spots = Vec::new();
    for (row, text) in rows.iter().enumerate() {
        let mut open_couple: Option<usize> = None;
        for (column, cell) in text.chars().enumerate() {
            if cell == '.' {
                continue;
            }
            let index = spots.len();
            let mut partner = None;
            if matches!(cell, 'C' | 'c') {
                match open_couple.take() {
                    Some(first) => {
                        partner = Some(first);
                        let first_spot: &mut Spot = &mut spots[first];
                        first_spot.partner = Some(index);
                    }
                    None => open_couple = Some(index),
                }
            }
            spots.push(Spot {
                grid_row: row as i32,
                grid_column: column as i32,
                partner,
                free: !matches!(cell, 'x' | 'c'),
                wanted: !matches!(cell, 'W' | 'P'),
            });
        }
    }
    spots
}

/// The chosen seats as `row letter + column` (`B3` is row 2, fourth cell), for reading.
fn named(spots: &[Spot], choice: &Choice) -> Vec<String> {
    choice
        .seats
        .iter()
        .map(|i| {
            let spot = &spots[*i];
            format!(
                "{}{}",
                (b'A' + spot.grid_row as u8) as char,
                spot.grid_column
            )
        })
        .collect()
}

fn best(rows: &[&str], count: usize) -> Vec<String> {
    let spots = hall(rows);
    let choices = choose(&spots, count, 1);
    named(&spots, &choices[0])
}

#[test]
fn a_group_sits_two_thirds_back_in_the_middle() {
    let rows = ["SSSSSSSS"; 7];
    // Rows A..G: two thirds back is row E (index 4); the middle of eight is columns 2..5.
    assert_eq!(best(&rows, 4), ["E2", "E3", "E4", "E5"]);
    assert_eq!(best(&rows, 2), ["E3", "E4"]);
}

#[test]
fn an_aisle_breaks_side_by_side() {
    let rows = ["SSS.SSS"];
    let spots = hall(&rows);
    assert!(choose(&spots, 1, 10).iter().all(|c| c.groups == 1));
    // Four cannot sit together across the aisle: split into two rows is impossible (one row), so
    // two groups of the one row are not offered either.
    assert!(choose(&spots, 4, 10).is_empty());
    // Both blocks are as good: the tie goes to the front row, then the left.
    assert_eq!(best(&["SSS.SSS", "SSS.SSS"], 3), ["A0", "A1", "A2"]);
}

#[test]
fn no_single_seat_is_stranded_when_another_choice_avoids_it() {
    // Row E is best placed, but its free run of 5 would leave one seat for a group of 4.
    let rows = [
        "SSSSSSSS", "SSSSSSSS", "SSSSSSSS", "SSSSSSSS", "xxSSSSSx", "SSSSSSSS", "SSSSSSSS",
    ];
    let chosen = best(&rows, 4);
    assert!(!chosen[0].starts_with('E'), "{chosen:?}");
    // With no other choice, the lone seat is accepted.
    assert_eq!(best(&["xxSSSSSx"], 4).len(), 4);
}

#[test]
fn a_couple_seat_comes_with_its_pair() {
    let rows = ["CCCCCC"];
    let spots = hall(&rows);
    assert!(
        choose(&spots, 3, 10).is_empty(),
        "three cannot take one and a half couples"
    );
    let two = choose(&spots, 2, 10);
    assert!(two.iter().all(|choice| {
        let [a, b] = choice.seats[..] else {
            return false;
        };
        spots[a].partner == Some(b)
    }));
}

#[test]
fn wheelchair_and_companion_spaces_are_not_chosen_for_a_group() {
    assert_eq!(best(&["WPSSPW"], 2), ["A2", "A3"]);
}

#[test]
fn a_group_too_big_for_any_row_is_split_into_the_fewest_groups_in_adjacent_rows() {
    let rows = ["SSSxSSS", "SSSxSSS", "SSSxSSS"];
    let spots = hall(&rows);
    let choices = choose(&spots, 5, 3);
    assert_eq!(choices[0].groups, 2);
    let rows_used: Vec<i32> = choices[0]
        .seats
        .iter()
        .map(|i| spots[*i].grid_row)
        .collect();
    let (first, last) = (
        rows_used.iter().min().unwrap(),
        rows_used.iter().max().unwrap(),
    );
    assert_eq!(last - first, 1, "adjacent rows: {rows_used:?}");
}

#[test]
fn a_full_hall_offers_nothing() {
    assert!(choose(&hall(&["xxxx", "xxxx"]), 1, 5).is_empty());
}

/// Random halls: up to 8 rows of up to 14 cells.
fn any_hall() -> impl Strategy<Value = Vec<String>> {
    let cell = prop_oneof![6 => Just('S'), 3 => Just('x'), 1 => Just('.'), 1 => Just('W')];
    let row = prop::collection::vec(cell, 1..=14).prop_map(|cells| cells.into_iter().collect());
    prop::collection::vec(row, 1..=8)
}

proptest! {
    #[test]
    fn every_choice_is_free_wanted_and_of_the_size_asked(rows in any_hall(), count in 1usize..=6) {
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let spots = hall(&rows);
        for choice in choose(&spots, count, 8) {
            prop_assert_eq!(choice.seats.len(), count);
            let mut seats = choice.seats.clone();
            seats.sort_unstable();
            seats.dedup();
            prop_assert_eq!(seats.len(), count, "a seat chosen twice");
            prop_assert!(choice.seats.iter().all(|i| spots[*i].free && spots[*i].wanted));
        }
    }

    #[test]
    fn a_group_that_fits_together_is_never_split(rows in any_hall(), count in 1usize..=6) {
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let spots = hall(&rows);
        let together = !placements(&spots, count).is_empty();
        for choice in choose(&spots, count, 8) {
            prop_assert_eq!(choice.groups == 1, together);
            if choice.groups == 1 {
                let row = spots[choice.seats[0]].grid_row;
                let mut columns: Vec<i32> = choice.seats.iter().map(|i| spots[*i].grid_column).collect();
                columns.sort_unstable();
                prop_assert!(choice.seats.iter().all(|i| spots[*i].grid_row == row));
                prop_assert!(columns.windows(2).all(|pair| pair[1] == pair[0] + 1), "not side by side");
            }
        }
    }

    #[test]
    fn a_lone_seat_is_left_only_when_every_choice_leaves_one(rows in any_hall(), count in 1usize..=6) {
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let spots = hall(&rows);
        let all = placements(&spots, count);
        if let Some(first) = all.first() {
            prop_assert_eq!(first.strands, all.iter().map(|p| p.strands).min().unwrap());
        }
    }
}
