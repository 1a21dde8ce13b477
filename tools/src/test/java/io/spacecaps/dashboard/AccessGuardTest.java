package io.spacecaps.dashboard;

import org.junit.jupiter.api.Test;

import static io.spacecaps.dashboard.AccessGuard.Verdict.ALLOWED;
import static io.spacecaps.dashboard.AccessGuard.Verdict.NEEDS_TOKEN;
import static io.spacecaps.dashboard.AccessGuard.Verdict.WRONG_HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessGuardTest {

    private static final String TOKEN = "s3cret-token_0123";

    @Test
    void onLoopbackNoTokenButTheHostMustBeThisMachine() {
        AccessGuard guard = new AccessGuard(null, () -> 8787);
        assertEquals(ALLOWED, guard.check("127.0.0.1:8787", null, null, null));
        assertEquals(ALLOWED, guard.check("LOCALHOST:8787", null, null, null));
        assertEquals(ALLOWED, guard.check("[::1]:8787", null, null, null));
        assertEquals(WRONG_HOST, guard.check("evil.example:8787", null, null, null), "a rebound name");
        assertEquals(WRONG_HOST, guard.check(null, null, null, null));
        assertFalse(guard.needsToken());
    }

    @Test
    void beyondLoopbackTheTokenComesAsBearerCookieOrQuery() {
        AccessGuard guard = new AccessGuard(TOKEN, () -> 8787);
        assertEquals(NEEDS_TOKEN, guard.check("host:8787", null, null, null));
        assertEquals(ALLOWED, guard.check("host:8787", "Bearer " + TOKEN, null, null));
        assertEquals(ALLOWED, guard.check("host:8787", "bearer " + TOKEN, null, null));
        assertEquals(ALLOWED, guard.check("host:8787", null, TOKEN, null));
        assertEquals(ALLOWED, guard.check("host:8787", null, null, TOKEN));
        assertEquals(NEEDS_TOKEN, guard.check("host:8787", "Bearer " + TOKEN + "x", "nope", TOKEN.substring(1)));
        assertEquals(NEEDS_TOKEN, guard.check("host:8787", "Basic " + TOKEN, null, null));
        assertTrue(guard.isToken(TOKEN));
        assertFalse(guard.isToken("x" + TOKEN));
        assertEquals("spacecaps-dashboard-8787", guard.cookieName());
    }

    @Test
    void tokensAreLongAndUrlSafe() {
        assertThrows(IllegalArgumentException.class, () -> new AccessGuard("short", () -> 1));
        assertThrows(IllegalArgumentException.class, () -> new AccessGuard("has space in it ok", () -> 1));
        String made = AccessGuard.newToken();
        assertTrue(AccessGuard.isWellFormed(made));
        assertNotEquals(made, AccessGuard.newToken());
    }

    @Test
    void settingsSayWhenATokenIsNeeded() {
        assertFalse(DashboardSettings.loopback(0).needsToken());
        assertTrue(new DashboardSettings("0.0.0.0", 0, null, 10, 10).needsToken());
        assertTrue(new DashboardSettings("127.0.0.1", 0, TOKEN, 10, 10).needsToken(), "a token given is a token required");
        assertThrows(IllegalArgumentException.class, () -> new DashboardSettings("127.0.0.1", 0, "tiny", 10, 10));
    }
}
