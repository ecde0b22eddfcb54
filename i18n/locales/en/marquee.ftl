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

## Notices about a booking (in the app and by email)
notice-booking_confirmed-subject = Your tickets: booking { $code }
notice-booking_confirmed-message = Booking { $code } is confirmed: seats { $seats }, { $total } paid. Show your e-ticket at the cinema.
notice-booking_seats_cancelled-subject = Your new ticket: booking { $code }
notice-booking_seats_cancelled-message = Seats { $released } of booking { $code } are cancelled and { $refund } is being refunded. Your new e-ticket is for seats { $seats }; the previous one no longer admits.
notice-booking_cancelled-subject = { $by_cinema ->
    [yes] Your showtime is cancelled: booking { $code }
   *[no] Booking { $code } is cancelled
}
notice-booking_cancelled-message = { $by_cinema ->
    [yes] We are sorry: the cinema has cancelled the showtime of booking { $code } (seats { $seats }).{ $paid ->
        [yes] {" "}Your payment is being refunded in full.
       *[no] {""}
    }
   *[no] Booking { $code } is cancelled and seats { $seats } are released.{ $paid ->
        [yes] {" "}Your payment is being refunded.
       *[no] {""}
    }
}
notice-booking_expired-subject = Booking { $code } has expired
notice-booking_expired-message = Booking { $code } was not paid in time, so seats { $seats } went back on sale.
notice-payment_refunded-subject = Your refund is on its way
notice-payment_refunded-message = { $method ->
    [cash] We refunded { $refund } to your account at the box office.
   *[card] We refunded { $refund } to your card.
}
email-ticket-text = Your e-ticket (QR code and calendar file): { $page }
email-ticket-code = Ticket code: { $token }
email-ticket-link = Open your e-ticket
email-ticket-link-note = (QR code, print, add to calendar).
email-walk-in-code = Your ticket code (show it at the door):
email-signature = Marquee
