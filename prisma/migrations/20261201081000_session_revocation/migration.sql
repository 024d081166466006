-- Staff sessions signed in before `revoked_before` are over ("sign out everywhere"); user_key '*' ends everyone's.
CREATE TABLE "staff_session_revocation" (
    "user_key" TEXT NOT NULL,
    "revoked_before" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_session_revocation_pkey" PRIMARY KEY ("user_key")
);
