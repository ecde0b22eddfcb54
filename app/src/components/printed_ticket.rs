//! A ticket sold at the box office, on screen and on paper: film, time, hall, seats, price and
//! QR code, printed from the browser on an 80 mm receipt printer or on A4 (the page size is set
//! by the format chosen; everything else on the page is left off the print).

use leptos::prelude::*;

use crate::{api::counter::Receipt, format, t};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Receipt80mm,
    A4,
}

impl Paper {
    /// The print rules for this paper.
    pub fn css(self) -> &'static str {
        match self {
            Self::Receipt80mm => {
                "@media print { @page { size: 80mm auto; margin: 3mm; } body { background: #fff; } \
                 [data-printed-ticket] { width: 74mm; font-size: 11pt; } \
                 [data-printed-ticket] svg { width: 48mm; height: 48mm; } }"
            }
            Self::A4 => {
                "@media print { @page { size: A4; margin: 20mm; } body { background: #fff; } \
                 [data-printed-ticket] { width: 120mm; margin: 0 auto; font-size: 14pt; } \
                 [data-printed-ticket] svg { width: 70mm; height: 70mm; } }"
            }
        }
    }
}

#[component]
pub fn PrintedTicket(receipt: Receipt) -> impl IntoView {
    let paper = RwSignal::new(Paper::Receipt80mm);
    let booking = receipt.booking.clone();
    let showtime = booking.showtime.clone();
    let seats: Vec<String> = booking
        .seats
        .iter()
        .map(|seat| seat.label.clone())
        .collect();
    let print = move |chosen: Paper| {
        paper.set(chosen);
        #[cfg(feature = "hydrate")]
        {
            // After the page size above has been applied.
            request_animation_frame(|| {
                let _ = window().print();
            });
        }
    };
    view! {
        <style>{move || paper.get().css()}</style>
        <div class="flex flex-col items-center gap-6 lg:flex-row lg:items-start">
            <article
                class="w-full max-w-sm rounded-2xl bg-white p-6 text-ink-950 print:max-w-none print:rounded-none print:p-0"
                data-printed-ticket
                data-testid="printed-ticket"
                aria-label=t!("ticket-label")
            >
                <p class="text-xs font-semibold uppercase tracking-widest">{t!("ticket-heading")}</p>
                {showtime.map(|showtime| view! {
                    <h2 class="mt-1 text-2xl font-black leading-tight" data-testid="ticket-film">{showtime.movie_title.clone()}</h2>
                    <p class="mt-1 font-semibold">
                        {t!("ticket-when", day = format::short_day(&showtime.show_date), time = format::time(&showtime.show_time))}
                    </p>
                    <p>{format!("{} · {}", showtime.theater_name, crate::format::hall_and_format(&showtime.hall_name, &showtime.format))}</p>
                })}
                <p class="mt-3 text-lg font-bold" data-testid="ticket-seats">{t!("ticket-seats", seats = seats.join(", "))}</p>
                <p>{format!("{} · {}", t!("seat-count", count = booking.total_seats), format::money(booking.total()))}</p>
                {receipt.ticket.clone().map(|ticket| view! {
                    <div class="mx-auto my-4 w-48" inner_html=ticket.qr_svg aria-hidden="true"></div>
                })}
                <p class="text-center font-mono text-xl font-bold tracking-widest" data-testid="ticket-code">{booking.booking_code.clone()}</p>
                {receipt.customer_name.clone().map(|name| view! { <p class="mt-2 text-center">{name}</p> })}
                <p class="mt-3 border-t border-dashed border-ink-950/40 pt-2 text-xs">
                    {match receipt.change_due {
                        Some(change) => t!(
                            "ticket-paid-cash",
                            tendered = format::money(receipt.tendered.unwrap_or_default()),
                            change = format::money(change),
                        ),
                        None => t!("ticket-paid-card"),
                    }}
                </p>
            </article>
            <div class="flex w-full max-w-xs flex-col gap-3 print:hidden">
                {match receipt.change_due {
                    Some(change) => view! {
                        <p class="rounded-2xl bg-emerald-400/15 p-4 text-center text-2xl font-bold text-emerald-200" data-testid="sale-change">
                            {t!("ticket-change", change = format::money(change))}
                        </p>
                    }.into_any(),
                    None => view! { <p class="rounded-2xl bg-emerald-400/15 p-4 text-center text-xl font-bold text-emerald-200">{t!("ticket-paid-card-short")}</p> }.into_any(),
                }}
                {receipt.emailed_to.clone().map(|email| view! { <p class="text-neutral-300">{t!("ticket-emailed", email = email)}</p> })}
                {receipt.ticket.is_none().then(|| view! {
                    <p class="text-amber-200">{t!("ticket-issuing")}</p>
                })}
                <button type="button" class="min-h-12 rounded-xl bg-amber-400 px-4 text-lg font-semibold text-ink-950 hover:bg-amber-300" on:click=move |_| print(Paper::Receipt80mm) data-testid="print-receipt">
                    {t!("ticket-print-receipt")}
                </button>
                <button type="button" class="min-h-12 rounded-xl border border-white/20 px-4 text-lg hover:bg-white/10" on:click=move |_| print(Paper::A4) data-testid="print-a4">
                    {t!("ticket-print-a4")}
                </button>
            </div>
        </div>
    }
}
