# Marquee in English. Every message here must also be in every other language's file
# (the i18n crate's tests check it). Arguments are written { $like_this }.

## The language itself
language-own-name = English
language-switch-label = Language

## Formats: each language writes dates, durations and money its own way
number-group-separator = ,
money = { $amount } { $currency }
currency-sign-VND = ₫
date-day = { $weekday } { $day } { $month_name }
date-full = { $day } { $month_name } { $year }
date-long = { $weekday_long } { $day } { $month_long } { $year }
duration = { $hours ->
    [0] { $minutes }m
   *[other] { $hours }h { $minutes2 }m
}
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun
weekday-long-1 = Monday
weekday-long-2 = Tuesday
weekday-long-3 = Wednesday
weekday-long-4 = Thursday
weekday-long-5 = Friday
weekday-long-6 = Saturday
weekday-long-7 = Sunday
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
month-long-1 = January
month-long-2 = February
month-long-3 = March
month-long-4 = April
month-long-5 = May
month-long-6 = June
month-long-7 = July
month-long-8 = August
month-long-9 = September
month-long-10 = October
month-long-11 = November
month-long-12 = December
seat-count = { $count ->
    [one] { $count } seat
   *[other] { $count } seats
}

## Header and footer
nav-skip = Skip to content
nav-menu = Menu
nav-main = Main
nav-movies = Movies
nav-cinemas = Cinemas
nav-search = Search
nav-box-office = Box office
nav-check-in = Check-in
nav-boards = Boards
nav-my-bookings = My bookings
nav-profile = Your profile
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-register = Register
footer-tagline = Marquee — movie tickets, seat by seat.
footer-built-with = Open source · Built with Rust and Leptos

## Errors from the services, by their stable `code`
error-refused = That was refused.
error-invalid_input = Please check: { $fields }.
