-- One database and one role per service for docker compose; each role reaches only its own
-- database. Development passwords only: production takes them from secrets.
DO $$
DECLARE service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['auth', 'movie', 'booking', 'payment', 'notification'] LOOP
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', 'marquee_' || service, 'marquee_' || service);
    END LOOP;
END $$;
CREATE DATABASE marquee_auth OWNER marquee_auth;
CREATE DATABASE marquee_movie OWNER marquee_movie;
CREATE DATABASE marquee_booking OWNER marquee_booking;
CREATE DATABASE marquee_payment OWNER marquee_payment;
CREATE DATABASE marquee_notification OWNER marquee_notification;
REVOKE ALL ON DATABASE marquee_auth, marquee_movie, marquee_booking, marquee_payment, marquee_notification FROM PUBLIC;
GRANT CONNECT ON DATABASE marquee_auth TO marquee_auth;
GRANT CONNECT ON DATABASE marquee_movie TO marquee_movie;
GRANT CONNECT ON DATABASE marquee_booking TO marquee_booking;
GRANT CONNECT ON DATABASE marquee_payment TO marquee_payment;
GRANT CONNECT ON DATABASE marquee_notification TO marquee_notification;
