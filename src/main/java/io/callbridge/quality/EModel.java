package io.callbridge.quality;

/**
 * ITU-T G.107 (06/2015) E-model for a narrowband G.711 call, with every parameter at its G.107 default except the
 * delays and the packet loss: {@code R = 93.2 − Id − Ie,eff} (A = 0), and the estimated MOS (conversational
 * quality, MOS-CQE) from R by G.107 Annex B.
 * <ul>
 * <li>{@code Id} (§7.4): talker echo {@code Idte} (TELR 65 dB, T = Ta), listener echo {@code Idle} (WEPL 110 dB,
 * Tr = 2·Ta) and absolute delay {@code Idd} (mT 100 ms, sT 1), less their value at zero delay, which the default
 * 93.2 already holds (Idle(0) ≈ 0.15), so a call without delay scores exactly 93.2 − Ie,eff.</li>
 * <li>{@code Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl)} (§7.5) with G.711's {@code Ie = 0} and, from G.113
 * Appendix I, {@code Bpl = 4.3} (G.711 without packet loss concealment) or {@code 25.1} (with concealment);
 * BurstR = 1 (random loss: Asterisk's statistics do not tell how losses cluster).</li>
 * </ul>
 * Pure functions of doubles; delays in milliseconds, loss in percent (0–100).
 */
public final class EModel {

    /** R with every G.107 default and no delay or loss (Ro − Is − Id(0)). */
    public static final double DEFAULT_R = 93.2;
    /** G.113 Appendix I, G.711 without packet loss concealment, random loss. */
    public static final double BPL_G711 = 4.3;
    /** G.113 Appendix I, G.711 with its Appendix I packet loss concealment, random loss. */
    public static final double BPL_G711_PLC = 25.1;

    /** Ro and Roe of G.107's defaults (SLR 8, RLR 2, noise defaults): both 94.77. */
    private static final double RO = 94.77;
    private static final double TELR = 65;
    private static final double WEPL = 110;
    private static final double IDLE_AT_ZERO = idle(0);

    private EModel() {
    }

    /**
     * The rating factor R for a one-way (mouth-to-ear) delay of {@code delayMs} and {@code lossPercent} random
     * packet loss with packet-loss robustness {@code bpl}; below 0 for calls past any use.
     */
    public static double r(double delayMs, double lossPercent, double bpl) {
        return DEFAULT_R - delayImpairment(delayMs) - effectiveEquipmentImpairment(lossPercent, bpl);
    }

    /** The estimated MOS of rating {@code r} (G.107 Annex B): 1 below R = 0, 4.5 above R = 100. */
    public static double mos(double r) {
        if (r <= 0) return 1;
        if (r >= 100) return 4.5;
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
    }

    /** {@code Id} for a one-way delay of {@code delayMs}, relative to zero delay (0 at 0 ms, never negative). */
    public static double delayImpairment(double delayMs) {
        double t = Math.max(0, delayMs);
        return Math.max(0, idte(t) + idle(2 * t) - IDLE_AT_ZERO + idd(t));
    }

    /** {@code Ie,eff} of G.711 (Ie = 0) with {@code lossPercent} random loss and robustness {@code bpl}. */
    public static double effectiveEquipmentImpairment(double lossPercent, double bpl) {
        double ppl = Math.min(100, Math.max(0, lossPercent));
        return 95 * ppl / (ppl + bpl);
    }

    /** G.107 §7.4 absolute delay impairment Idd (0 up to mT = 100 ms). */
    static double idd(double ta) {
        if (ta <= 100) return 0;
        double x = Math.log10(ta / 100) / Math.log10(2);
        return 25 * (Math.pow(1 + Math.pow(x, 6), 1.0 / 6) - 3 * Math.pow(1 + Math.pow(x / 3, 6), 1.0 / 6) + 2);
    }

    /** G.107 §7.4 talker echo impairment Idte for a mean one-way delay {@code t} ms (STMR 15 dB: no adjustment). */
    static double idte(double t) {
        double terv = TELR - 40 * Math.log10((1 + t / 10) / (1 + t / 150)) + 6 * Math.exp(-0.3 * t * t);
        double re = 80 + 2.5 * (terv - 14);
        double half = (RO - re) / 2;
        return (half + Math.sqrt(half * half + 100) - 1) * (1 - Math.exp(-t));
    }

    /** G.107 §7.4 listener echo impairment Idle for a round-trip delay {@code tr} ms. */
    static double idle(double tr) {
        double rle = 10.5 * (WEPL + 7) * Math.pow(tr + 1, -0.25);
        double half = (RO - rle) / 2;
        return half + Math.sqrt(half * half + 169);
    }
}
