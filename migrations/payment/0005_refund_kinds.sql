-- What each refund was for: the whole payment (`whole`: the booking is cancelled), the price of
-- seats given back while the booking keeps the rest (`seats`), or a goodwill gesture by staff
-- that leaves the booking as it is (`goodwill`, which must say why). And who gave it: the staff
-- member for goodwill and refunds they made; none for a customer's or the system's own.
ALTER TABLE refunds
    ADD COLUMN kind text NOT NULL DEFAULT 'whole'
        CHECK (kind IN ('whole', 'seats', 'goodwill')),
    ADD COLUMN refunded_by uuid,
    ADD CONSTRAINT refunds_goodwill_has_reason
        CHECK (kind <> 'goodwill' OR (reason IS NOT NULL AND refunded_by IS NOT NULL));
