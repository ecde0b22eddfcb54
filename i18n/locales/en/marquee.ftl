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
# An English page shows the services' own English `detail`; these English texts are the
# source the other languages translate, kept in step with the services' details.
error-bad_request = That request was not understood.
error-unauthorized = Please sign in again.
error-forbidden = You are not allowed to do that.
error-not_found = That was not found.
error-conflict = That cannot be done right now.
error-too_large = That is too large.
error-too_many_requests = Too many tries in a short time. Please wait a moment and try again.
error-unavailable = This is unavailable right now. Please try again in a moment.
error-internal = Something went wrong on our side. Please try again.
error-timeout = That took too long. Please try again.
error-showtime_not_found = Showtime not found
error-showtime_cancelled = This showtime has been cancelled; its seats are not on sale
error-showtime_started = This showtime has already started; its seats are no longer on sale
error-showtime_being_changed = The cinema is changing this showtime right now; try again in a moment
error-showtime_has_bookings = { $count } seat(s) of this showtime are booked or awaiting payment
error-no_seats_chosen = Choose at least one seat
error-unknown_seats = No such seat in this showtime: { $seats }
error-wheelchair_space_unconfirmed = { $seats } is a wheelchair space, kept for guests who use a wheelchair: confirm that you need it
error-companion_without_space = Companion seat { $seats }: book it with the wheelchair space beside it
error-no_room_for = There are not { $count } free seats left to choose from
error-too_many_seats = At most { $count } seats can be held at once
error-not_for_sale = Not for sale: { $seats }
error-customer_seat_limit = You already have { $already } seats held or awaiting payment for this showtime; at most { $limit } per person
error-seats_resting = You let go of { $seats } a moment ago; you can hold them again in { $minutes } minutes, or choose other seats
error-seats_taken = Seats already taken: { $seats }
error-hold_not_found = Hold not found or expired
error-hold_already_extended = A hold can be extended only once
error-hold_lapsed = The hold has lapsed; hold the seats again
error-hold_for_other_seats = The hold is for other seats
error-booking_not_found = Booking not found
error-booking_already = Booking is already { $status }
error-ticket_used = This ticket has been used at the door; it can no longer be cancelled
error-past_refund_cutoff = A paid booking can be cancelled until { $minutes } minutes before the showtime
error-not_seats_of_booking = Not seats of this booking: { $seats }
error-seats_cancelled_only_when_paid = Only a paid booking gives back some of its seats; this one is { $status }: cancel it whole and book again
error-ticket_not_issued = A ticket is issued once the booking is paid (it is { $status })
error-staff_only = Only staff can do that
error-kept_for_box_office = Kept for the box office until { $until }: { $seats }
error-too_many_showtimes = At most { $count } showtimes at once
error-cash_staff_only = Only box-office staff take cash
error-bad_amount = Amount must be a positive number
error-idempotency_key_reused = This payment was already tried with other details; start a new payment
error-idempotency_key_in_use = This payment is still being processed
error-payment_not_found = Payment not found
error-booking_expired = The booking has expired; please choose your seats again
error-wrong_amount = Amount must be { $amount }, the booking's total
error-payment_in_progress = A payment for this booking is already being processed
error-payment_attempt_failed = This payment attempt failed; try again as a new payment
error-refunds_closed = Refunds close { $minutes } minutes before the showtime
error-not_refundable = Only a completed payment can be refunded (this one is { $status })
error-partial_refund_by_cancelling_seats = To get part of your money back, give back some of your seats
error-fully_refunded = The payment is already fully refunded
error-refund_too_large = At most { $amount } can be refunded
error-card_declined = Your card was declined.
error-insufficient_funds = Your card has insufficient funds.
error-processor_timeout = The card processor did not answer in time. You have not been charged.
error-email_taken = Email already registered
error-username_taken = Username already taken
error-invalid_credentials = Incorrect username or password.
error-account_disabled = This account is disabled
error-wrong_password = Current password is incorrect
error-login_locked = Too many failed sign-ins. Try again in { $seconds } seconds.

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
email-walk-in-code-text = Your ticket code (show it at the door): { $token }
email-signature = Marquee

# The moviegoer's pages: browsing, accounts, bookings, tickets and notifications.

## Shared
# { $what } names what is on the way: "your bookings", "the film".
common-loading = Loading { $what }…

## Home page
home-now-showing = Now showing
home-coming-soon = Coming soon
home-hero-title = Your next night at the movies
home-hero-text = Browse what is on, pick your seats on a live seat map, and get your e-ticket in minutes.
home-nothing-showing = Nothing is showing right now. Check back soon.
home-no-upcoming = No upcoming releases are announced yet.
home-unavailable-title = We can't show the movies right now
home-try-again = Please try again in a moment.
home-loading-movies = Loading movies

## A movie: its card, its page and its showtimes
movie-loading = the film
movie-showtimes = Showtimes
movie-poster-alt = Poster of { $title }
movie-release-on = Release: { $date }
movie-director = Director
movie-cast = Cast
movie-release = Release
movie-trailer = ▶ Watch the trailer
movie-new-tab = (opens in a new tab)
movie-catalog-unavailable = The movie catalog is unavailable right now.
movie-no-showtimes = No showtimes are scheduled yet.
movie-choose-day = Choose a day
movie-showtime-label = { $time } { $format } in { $hall }, from { $price }, { $free } of { $total } seats free
movie-audio-subtitles = { $audio } · { $subtitles } subtitles
movie-from-price = from { $price }

## Search
search-heading = Find a movie
search-loading = the results
search-no-results = No movies match. Try fewer filters.
search-count = { $count ->
    [one] { $count } movie
   *[other] { $count } movies
}
search-title-label = Title or director
search-placeholder = e.g. Lanterns
search-genre = Genre
search-any-genre = Any genre
search-city = City
search-any-city = Any city
search-date = Date
search-submit = Search

## Cinemas, and the cinema a staff device is at
cinema-heading = Our cinemas
cinema-loading-list = the cinemas
cinema-list-unavailable = The cinema list is unavailable right now.
cinema-loading = the cinema
cinema-program = Program
cinema-program-unavailable = This cinema's program is unavailable right now.
cinema-device-switch = Switch cinema
cinema-device-which = Which cinema is this device at?

## Accounts: signing in, registering, the profile
# The link inside "Please { $sign_in } to see ...".
account-sign-in-link = sign in
account-new-here = New to Marquee?
account-create-account = Create an account
account-register-heading = Create your account
account-have-account = Already have an account?
account-username-or-email = Username or email
account-password = Password
account-password-hint = At least 8 characters
account-full-name-optional = Full name (optional)
account-full-name = Full name
account-email = Email
account-username = Username
account-username-hint = 3-50 letters, digits, '_', '.' or '-'
account-phone = Phone number
account-create-button = Create account
account-save = Save
account-role = Account
account-role-customer = Customer
account-role-staff = Staff
account-role-admin = Admin
account-profile-sign-in = Please { $sign_in } to see your profile.
account-unavailable = Accounts are unavailable right now.

## Accounts: what the forms say after a submission
account-wrong-credentials = Incorrect username or password.
account-profile-saved = Your profile is saved.
account-unavailable-try-later = This is unavailable right now. Please try again in a moment.
account-invalid-value = Invalid value
account-something-wrong = Something went wrong. Please try again.
# The auth service's own (English) sentences, by what they say.
account-error-email = Enter a valid email address
account-error-username = Username must be 3-50 letters, digits, '_', '.' or '-'
account-error-password-short = Password must be at least 8 characters
account-error-password-long = Password must be at most 128 characters
account-error-full-name = Full name must be at most 100 characters
account-error-phone = Enter a valid phone number
account-error-email-taken = Email already registered
account-error-username-taken = Username already taken
account-error-disabled = This account is disabled
account-error-busy = Too many sign-ins at once. Try again in a moment.

## My bookings
mybookings-status-pending = Awaiting payment
mybookings-status-confirmed = Confirmed
mybookings-status-cancelled = Cancelled
mybookings-status-expired = Expired
mybookings-status-unknown = Unknown
# A booking's title when its showtime is not known.
mybookings-booking = Booking
mybookings-sign-in = Please { $sign_in } to see your bookings.
mybookings-loading = your bookings
mybookings-empty = No bookings yet.
mybookings-find-movie = Find a movie
# Followed by the booking code.
mybookings-seats-line = Seats { $seats } · { $total } · code { $code }
mybookings-cancelled = Booking { $code } is cancelled and its seats are free again.
mybookings-cancel = Cancel
mybookings-unavailable = Your bookings are unavailable right now.

## One booking: checkout and the e-ticket
checkout-loading = the booking
checkout-unavailable = This booking is unavailable right now.
checkout-page-title = Checkout · { $title }
checkout-kicker-pending = Checkout
checkout-kicker-done = Your booking
checkout-booking-code = Booking code
checkout-given-back = given back
checkout-total = Total
# { $time } is minutes:seconds, counting down.
checkout-kept-for = Your seats are kept for you for { $time } while you pay.
checkout-time-up = The time to pay has run out; the seats go back on sale.
checkout-lapse-note = An unpaid booking lapses when the time runs out.
checkout-confirming = Payment received. Confirming your booking…
checkout-confirmed = Your booking is confirmed. Show this ticket at the cinema.
checkout-cancel-refund = Cancel and refund
checkout-cancel = Cancel booking
checkout-eticket = E-ticket
checkout-ticket-qr = Ticket QR code
checkout-ticket-unavailable = Your ticket is unavailable right now; your booking code works at the box office.
checkout-print = Print ticket
checkout-add-calendar = Add to calendar

## A ticket printed at the box office
ticket-label = Ticket
ticket-heading = Marquee · Ticket
ticket-when = { $day } { $time }
ticket-seats = Seats { $seats }
ticket-paid-cash = Paid in cash: { $tendered } handed over, { $change } change.
ticket-paid-card = Paid by card.
ticket-change = Change: { $change }
ticket-paid-card-short = Paid by card
ticket-emailed = The ticket is emailed to { $email }.
ticket-issuing = Paid. The ticket is being issued: open the booking to print it.
ticket-print-receipt = Print ticket (80 mm)
ticket-print-a4 = Print on A4

## Giving back some seats of a paid booking
giveback-sign-in-again = Please sign in again.
giveback-gone = That booking is not there any more.
giveback-unavailable = Booking is unavailable right now. Please try again.
giveback-done = Seats { $seats } are given back and their price is being refunded. Your ticket has been reissued: use the new one below, the previous one no longer admits.
giveback-done-staff = Seats { $seats } are given back and their price is being refunded. The ticket is reissued: the customer's previous one no longer admits.
giveback-legend = Give back some seats
giveback-intro = Can't all make it? Tick the seats to give back: their price is refunded to your card, and the seats you keep move to a new ticket.
giveback-intro-staff = Tick the seats the customer gives back: their price goes back the way it was paid, and the seats kept move to a new ticket.
giveback-none = No seats ticked.
giveback-all = That is every seat: to give them all back, cancel the booking.
giveback-ticked = { $count ->
    [one] 1 seat ticked: { $refund } back.
   *[other] { $count } seats ticked: { $refund } back.
}
giveback-submit = Give back the ticked seats

## Notifications
notices-title = Notifications
notices-bell = { $count ->
    [0] Notifications
   *[other] Notifications, { $count } unread
}
notices-mark-all = Mark all as read
notices-loading = your notifications
notices-sign-in = Please { $sign_in } to see your notifications.
notices-empty = Nothing yet. Notices about your bookings will appear here.
notices-view-booking = View booking
notices-unavailable = Notifications are unavailable right now.

## Page not found
notfound-title = Page not found
notfound-heading = This screening does not exist
notfound-text = The page you asked for is not on our program.
notfound-back = Back to the movies

# The booking flow in English: the seat map, holding seats, checkout and paying, and what
# the booking service answers. Arguments are written { $like_this }.

## Seat types
seat-type-standard = Standard
seat-type-vip = VIP
seat-type-couple = Couple (sold as a pair)
seat-type-wheelchair = Wheelchair space
seat-type-companion = Companion seat
seat-type-other = Seat

## The seat map, and choosing seats on it
# A seat, for screen readers and its tooltip: "Row F seat 7, VIP, 120,000 ₫, available".
# $seat_type is one of the seat-type-* messages; $note says why a seat is special, $status
# what it is now.
seat-describe = Row { $row } seat { $number }, { $seat_type }{ $note ->
        [counter] , kept for the box office
        [companion] : book it with the wheelchair space beside it
        [wheelchair] : for a guest who uses a wheelchair
       *[none] {""}
    }, { $price }, { $status ->
        [mine] held by you
        [selected] selected
        [available] available
        [blocked] not for sale
       *[taken] taken
    }
seat-held-already = Your seats are held. Release them to choose different ones.
# Announced: $seat is a seat-describe, $summary a seat-summary.
seat-removed = Removed { $seat }. { $summary }
seat-selected = Selected { $seat }. { $summary }
seat-too-many = You can choose up to { $max } seats at a time.
seat-summary = { $count ->
        [0] No seats chosen.
        [one] { $count } seat, { $total }.
       *[other] { $count } seats, { $total }.
    }
# $seats: their labels ("A1, A2"); $left: how many chosen seats are still free.
seat-lost = { $count ->
        [one] Seat { $seats } was
       *[other] Seats { $seats } were
    } just taken by someone else. { $left ->
        [0] Please choose other seats.
       *[other] The rest of your selection is kept.
    }
seat-map-help = Choose seats with a click or a tap (pinch to zoom in), or with the arrow keys and Enter or Space.
seat-screen = Screen
seat-row = Row { $row }

## Whether the seat map is receiving live changes
live-on = Live
live-connecting = Connecting…

## Holding the chosen seats
hold-your-seats = Your seats
hold-choose-on-map = Choose seats on the map.
hold-total = Total
hold-button = { $count ->
        [0] Hold seats
        [one] Hold { $count } seat
       *[other] Hold { $count } seats
    }
# Followed by the time left: "Held for you for 7:05".
hold-held-for = Held for you for { $time }
hold-checkout = Continue to checkout
hold-more-time = More time
hold-release = Release seats
# One sentence around a link: "Please [sign in] to hold seats."
hold-sign-in = Please { $sign_in } to hold seats.
# Followed by a choice of 1 to 10 (people).
hold-best-for = Best seats for
hold-best-find = Find best seats
hold-wheelchair-confirm = Wheelchair spaces are kept for guests who use a wheelchair. I need this space, for myself or for someone I am booking for.
hold-held = Held { $seats } for { $minutes } minutes.
hold-best-together = { $count ->
    [one] Held the best seat: { $seats }. Release it to choose another.
   *[other] Held the best { $count } seats together: { $seats }. Release them to choose others.
}
# $groups: each row's seats, joined with hold-best-rows-joined ("E3, E4 and F4, F5").
hold-best-split = No row has { $count } seats together, so they are in { $rows } rows: { $groups }. Release them to choose others.
hold-best-rows-joined = { $first } and { $next }
hold-extended = You have more time.
hold-released = Released your seats.
hold-expired = Your hold has expired and the seats are free again. Choose them again to carry on.
hold-ended-free = Your hold has ended and those seats are free again.
hold-not-found = Your hold has ended. Please hold the seats again.
hold-unavailable = Booking is unavailable right now. Please try again in a moment.

## A seat the choice would leave alone
# $way: the way the chosen seats can move to close the gap.
lone-seat-advice = { $seat } would be left alone: { $way ->
        [none] choose it too
        [left] choose it too, or move one seat left
       *[right] choose it too, or move one seat right
    }.

## Paying by card
pay-title = Pay by card
pay-card-number = Card number
pay-expiry = Expiry (MM/YY)
pay-security-code = Security code
pay-holder-name = Name on card (optional)
pay-busy = Paying…
pay-button = Pay { $amount }
pay-test-cards = Test cards (no real money moves): any future expiry, any 3-digit code.
pay-test-card = { $outcome ->
    [charged] { $card } is charged
    [declined] { $card } is declined
    [insufficient] { $card } has insufficient funds
   *[timeout] { $card } answers too slowly (times out)
}
pay-use-card = Use
pay-expiry-invalid = Enter the card's expiry as MM/YY.
# $reason: why the payment service refused, without its final full stop.
pay-refused = { $reason }. Your seats are still held; you can try again.
pay-sign-in-again = Please sign in again to pay.
pay-unavailable = Payments are unavailable right now. Your seats are still held; please try again shortly.

## A showtime's page
# What is loading, as in "Loading the seat map…".
showtime-loading = the seat map
showtime-unavailable = The seat map is unavailable right now.
showtime-free-seats = { $free } of { $total } seats free
showtime-other-showtimes = See other showtimes
showtime-seat-map = Seat map
showtime-legend = Legend
showtime-legend-price = { $seat_type } — { $price }
showtime-legend-chosen = Chosen
showtime-legend-mine = Held by you
showtime-legend-taken = Taken (held or booked)
showtime-legend-blocked = Not for sale
showtime-cancelled = The cinema has cancelled this showtime. Any tickets for it are cancelled and refunded in full.
showtime-started = This showtime has started; its tickets are no longer on sale.

## The booking service's answers
booking-unavailable = Booking is unavailable right now.
booking-list-unavailable = Your bookings are unavailable right now.
booking-payments-unreachable = payments unavailable: { $error }
booking-cancel-too-many = Choose at most 10 seats at once.

# The cinema staff's side: the box office, the booking desk, the door, the lobby boards.
# Words the services send as values (booking statuses, payment methods) are shown as they come
# in English; other languages translate them with a selector.

## Staff pages: who may open them
staff-sign-in-needed = Staff sign-in needed
staff-for-staff = This page is for the cinema's staff.
staff-only = Staff only
staff-forbidden = This page is for the cinema's staff. Your account cannot open it.
staff-back-to-movies = Back to the movies
staff-session-ended = Your session has ended: sign in again.
staff-payments-unavailable = Payments are unavailable right now.

## The box office
# Completes "Loading …".
boxoffice-loading = the box office
boxoffice-loading-seat-map = the seat map
boxoffice-unavailable = The programme is unavailable right now.
boxoffice-try-again = Try again
boxoffice-sold = Sold
boxoffice-new-sale = New sale
boxoffice-today = Today, { $date }
boxoffice-no-more-showtimes = No more showtimes today.
boxoffice-seats-left = { $count ->
    [one] { $count } seat left
   *[other] { $count } seats left
}
boxoffice-seat-map-unavailable = The seat map is unavailable right now.
boxoffice-back = Back
boxoffice-back-to-showtimes = ← Showtimes
boxoffice-seat-map = Seat map
boxoffice-kept = Kept for the box office

## The box office's sale panel
counter-hold-ran-out = The hold ran out: the seats are free again.
counter-released = Released the seats.
counter-not-paid = Not paid: { $reason }
counter-sale-failed = The sale could not be completed right now. Try again.
counter-sale = Sale
counter-live = Live
counter-connecting = Connecting…
counter-tap-seats = Tap seats on the map.
counter-total = Total
counter-hold = { $count ->
    [0] Hold seats
    [one] Hold { $count } seat
   *[other] Hold { $count } seats
}
counter-best-for = Best seats for
counter-best-for-count = Best seats for { $count }
counter-held-for = Held for { $time }
counter-customer-name = Customer name (optional)
counter-customer-email = Email for the ticket (optional)
counter-payment = Payment
counter-cash = Cash
counter-card = Card
counter-card-terminal = Card at the terminal
counter-cash-tendered = Cash handed over ({ $currency })
counter-change-due = Change due
counter-short = { $amount } short
counter-taking-payment = Taking payment…
counter-take = Take { $amount }
counter-release = Release seats
counter-choose-again = Choose the seats again.
counter-cash-short = The cash handed over ({ $tendered }) is less than the total ({ $total }).
counter-booking-ended = The booking was { $status } before the payment reached it; the payment is refunded. Sell the seats again.
counter-booking-vanished = The booking vanished.
counter-hold-ended = The hold has ended: choose the seats again.

## The booking desk at the box office
desk-sign-in-again = Please sign in again.
desk-not-found = No booking has that code.
desk-not-through = That did not go through; try again.
desk-unavailable = The desk is unavailable right now. Please try again.
desk-heading = Booking desk
desk-code = Booking code
desk-find = Find
desk-type-code = Type the booking code.
desk-cancelled = Booking { $code } is cancelled; a paid one is refunded in full.
desk-booking = Booking { $code } · { $status } · seats { $seats }
desk-booking-given-back = Booking { $code } · { $status } · seats { $seats } · given back { $given_back }
desk-payment = Paid { $paid } by { $method } · refunded { $refunded } · { $left } left
desk-cancel = Cancel the whole booking
desk-enter-amount = Enter an amount in { $currency }.
desk-say-why = Say why: the reason is kept with the refund.
desk-goodwill-done = Refunded { $amount } as goodwill.
desk-goodwill = Goodwill refund
desk-goodwill-explain = Money back without giving back seats, up to { $left }. The seats and the ticket stay as they are.
desk-amount = Amount ({ $currency })
desk-reason = Reason (kept with the refund)
desk-refund = Refund as goodwill

## The door (check-in)
# Completes "Loading …".
door-loading = the door
door-unavailable = Tickets cannot be checked right now.
door-unavailable-try-again = Tickets cannot be checked right now. Try again.
door-camera-failed = The camera could not start: { $error }
door-scanner-not-loaded = The scanner is not loaded yet; try again.
door-scan = Scan a ticket
door-code = Ticket or booking code
door-code-placeholder = Scan, type or paste
door-admit = Admit
door-no-camera = This browser cannot read QR codes with a camera: type or paste the code, or use a handheld scanner into the field.
door-camera-stop = Stop the camera
door-camera-start = Scan with the camera
door-camera = Camera
door-verdict-admit = ADMIT
door-people = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
door-seats = Seats { $seats }
door-verdict-stop = STOP
door-verdict-label = Scan result; tap for the next ticket
door-next = Tap for the next ticket
door-in-hall = In the hall
door-no-more-showtimes = No more showtimes today.
door-admitted-of-sold = { $admitted } of { $sold ->
    [one] { $sold } seat sold
   *[other] { $sold } seats sold
} let in

## Why the door refuses a ticket, by the service's reason word
door-refused-forged = Not a genuine Marquee ticket
door-refused-unknown-booking = No such booking
door-refused-replaced = This ticket was replaced when seats were cancelled: show the newest ticket
door-refused-already-admitted = Already admitted at { $time }
door-refused-too-early = Too early: doors open at { $time }
door-refused-too-late = This showtime ended at { $time }
door-refused-wrong-cinema = This ticket is for { $cinema }
door-refused-not-paid = Not paid: the booking is still pending
door-refused-status = The booking is { $status }
door-refused-refunded = The booking is { $status } and refunded
door-refused-staff-only = Only staff admit tickets

## The lobby boards
kiosk-boards = Lobby boards
kiosk-intro = Open a cinema's board on its lobby screen (Chromium with --kiosk). It needs no sign-in and keeps itself up to date.
# Completes "Loading …".
kiosk-loading-cinemas = the cinemas
kiosk-cinemas-unavailable = The cinema list is unavailable right now.
kiosk-board = Lobby board
kiosk-board-title = { $cinema } · Lobby board
kiosk-loading = Loading…
kiosk-no-such-cinema = No such cinema
kiosk-connecting = Connecting…

## A lobby board, read from across the lobby
board-today-at = Today at
board-clock = Time at the cinema
board-live = Live
board-reconnecting = Reconnecting…
board-no-more-showtimes = No more showtimes today
board-showtimes = Showtimes
board-footer = Tickets here at the box office, or online
board-page = Page { $page } of { $pages }
board-age-rating = Age rating
board-later = and { $count } later
board-sold-out = Sold out
board-seats-left = { $count ->
    [one] { $count } seat left
   *[other] { $count } seats left
}
board-few-seats = Few seats

# The admin pages (catalog, halls, showtimes), the hall layout editor, the BFF's admin forms
# and a booking's calendar file.

## Who may see the admin pages
admin-only = This page is for admins.
admin-only-sign-in = Sign in as an admin
admin-title = Catalog admin
admin-back = ← Catalog admin
admin-edit = Edit
admin-edit-named = Edit { $name }
admin-edit-hall-named = Edit { $cinema } { $hall }

## What is loading ("Loading the catalog…")
admin-loading-catalog = the catalog
admin-loading-film = the film
admin-loading-hall = the hall
admin-loading-showtime = the showtime
admin-loading-cinema = the cinema

## When a service does not answer
admin-day-unavailable = The day's showtimes are unavailable right now.
admin-catalog-unavailable = The catalog is unavailable right now.
admin-releases-unavailable = The release audit is unavailable right now.

## Accessible seats released for general sale
admin-releases-heading = Wheelchair and companion seats released
admin-releases-intro = When each showtime's accessible seats went on general sale, by its cinema's rule (set in the cinema's page).
admin-releases-none = None released yet.
admin-release-rule-rest-sold = every other seat sold
admin-release-rule-timed = time before the show

## Movies
admin-movies = Movies
admin-list-status-coming-soon = coming soon
admin-list-status-now-showing = now showing
admin-list-status-archived = archived
admin-add-movie-heading = Add a movie
admin-add-movie = Add movie
admin-status-coming-soon = Coming soon
admin-status-now-showing = Now showing
admin-status-archived = Archived
admin-status-archived-long = Archived (no longer offered)
admin-save-film = Save the film
admin-delete-film-note = A film that has been scheduled stays on record: archive it instead.
admin-delete-film-confirm = I mean it
admin-delete-film = Delete the film

## Form fields
admin-field-slug = Slug (in URLs)
admin-slug-hint = lower-case-words-like-this
admin-field-minutes = Minutes
admin-field-release-date = Release date
admin-field-language = Language
admin-field-genres = Genres (comma separated)
admin-field-director = Director
admin-field-status = Status
admin-field-age-rating = Age rating
admin-field-rating = Rating (0-10)
admin-field-cast = Cast (comma separated)
admin-field-poster = Poster
admin-poster-hint = /posters/name.svg or an https URL
admin-field-trailer = Trailer
admin-field-movie = Movie
admin-field-hall = Hall
admin-field-date = Date
admin-field-time = Time (cinema's time)
admin-field-format = Format
admin-field-audio = Audio
admin-field-subtitles = Subtitles
admin-field-price-standard = Standard price
admin-field-price-vip = VIP price
admin-field-price-couple = Couple price
admin-field-name = Name
admin-field-address = Address
admin-field-city = City
admin-field-time-zone = Time zone
admin-time-zone-hint = e.g. Asia/Ho_Chi_Minh
admin-field-cinema = Cinema
admin-field-hall-name = Hall name
admin-field-day = Day
admin-field-counter-seats = Seats kept for the box office
admin-counter-seats-hint = e.g. F7, F8; empty: the cinema's number
admin-field-counter-seats-per-showtime = Seats kept for the box office, per showtime
admin-counter-seats-per-showtime-hint = The best seats of each hall, unless a showtime has its own
admin-field-counter-release-minutes = On sale online this many minutes before the show
admin-field-accessible-release = Wheelchair and companion seats go on general sale
admin-accessible-release-timed = A set time before the show (UK practice)
admin-accessible-release-rest-sold = Only once every other seat is sold (US ADA rule)
admin-field-accessible-release-minutes = That many minutes before the show (timed)

## Showtimes
admin-schedule-heading = Schedule a showtime
admin-schedule = Schedule
admin-day-heading = Showtimes on { $date }
admin-show-day = Show
admin-day-empty = Nothing is scheduled that day.
# The showtime named in the day's list, in its buttons' labels and in the message once cancelled.
admin-showtime-label = { $movie } at { $time } in { $cinema }, { $hall }
admin-seats-free = { $available } of { $total } free
admin-started = started
admin-confirm-cancel-named = Confirm cancelling { $name }
admin-sure = sure
admin-cancel = Cancel
admin-cancel-named = Cancel { $name }
admin-showtime-summary = { $available } of { $total } seats free · { $status }
admin-showtime-status-scheduled = scheduled
admin-showtime-status-cancelled = cancelled
admin-showtime-note = Its time can change only while no seat is booked. Prices can change at any time; bookings keep what they paid.
admin-save-showtime = Save the showtime

## Cinemas and halls
admin-add-cinema-heading = Add a cinema
admin-add-cinema = Add cinema
admin-save-cinema = Save the cinema
admin-halls = Halls
admin-edit-cinema = Edit cinema
admin-edit-layout = Edit layout
admin-hall-line = { $cinema } · { $hall } ({ $count ->
        [one] { $count } seat
       *[other] { $count } seats
    })
admin-add-hall-heading = Add a hall
admin-add-hall = Add hall
admin-save-hall = Save the hall
admin-hall-busy = { $count ->
        [one] { $count } showtime is still to come in this hall: its layout cannot change until it is over or cancelled.
       *[other] { $count } showtimes are still to come in this hall: its layout cannot change until they are over or cancelled.
    }

## What the BFF says once an admin form is sent
admin-fix-fields = Please correct the fields marked below.
admin-rating-invalid = Use a number from 0 to 10, like 7.5
admin-movie-added = Added the movie { $title }.
admin-cinema-added = Added the cinema { $name }.
admin-saved = Saved { $name }.
admin-hall-added = Added { $name } with { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    }.
admin-hall-saved = Saved { $name } with { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    }.
admin-showtime-added = Scheduled for { $date } at { $time }.
admin-showtime-saved = Saved: { $date } at { $time }.
admin-movie-deleted = The movie is deleted.
admin-showtime-cancelled = Cancelled { $label }. Its bookings are being cancelled and refunded, and their holders told.

## The hall layout editor
layout-brush = Brush
layout-standard = Standard
layout-vip = VIP
layout-couple = Couple
layout-wheelchair = Wheelchair
layout-companion = Companion
layout-aisle = Aisle / gap
layout-blocked = Blocked
layout-unknown = Unknown
layout-size = { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } × { $columns ->
        [one] { $columns } column
       *[other] { $columns } columns
    }
layout-add-row = + row
layout-remove-row = − row
layout-add-column = + column
layout-remove-column = − column
layout-screen = Screen
layout-cell-aisle = Row { $row }, column { $column }: aisle
layout-cell-seat = Row { $row } seat { $number }: { $kind }
layout-cell-seat-blocked = Row { $row } seat { $number }: { $kind }, blocked
layout-as-text = Layout as text (one row a line: S V C W P, '.' for an aisle)
layout-blocked-seats = Blocked seats (not for sale), e.g. B5, C7

## A booking's calendar file (.ics)
calendar-summary = { $title } ({ $format })
calendar-location = { $cinema }, { $hall }
calendar-description = Booking { $code }. { $count ->
        [one] Seat
       *[other] Seats
    } { $seats }.
calendar-sign-in = Sign in to download your ticket
calendar-not-found = No such booking
calendar-not-confirmed = The booking is not confirmed
calendar-unavailable = The catalog is unavailable
calendar-incomplete = Incomplete booking data
admin-field-title-in = Title ({ $language })
admin-field-description-in = Description ({ $language })
admin-translation-hint = Leave empty to show the English title.

## The page a failure of ours answers
panic-title = Something went wrong on our side
panic-body = This page could not be shown. Nothing you did caused it, and nothing was booked or paid by it. Please try again in a moment.
panic-home = Back to the home page
