package io.callbridge.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The E-model against ITU-T G.107's own figures and formulas (values worked by hand from the Recommendation). */
class EModelTest {

    @Test
    void aCallWithoutDelayOrLossRatesG107sDefaultR() {
        assertEquals(93.2, EModel.r(0, 0, EModel.BPL_G711), 1e-9);
        assertEquals(4.41, EModel.mos(93.2), 0.005); // G.107: the default R = 93.2 is MOS 4.41
    }

    /** G.107 Annex B, Figure B.1 / Table B.1: MOS-CQE of R. */
    @ParameterizedTest
    @CsvSource({"100, 4.5", "90, 4.34", "80, 4.02", "70, 3.60", "60, 3.10", "50, 2.58", "0, 1.0", "-5, 1.0",
            "120, 4.5"})
    void mosOfRIsG107AnnexB(double r, double mos) {
        assertEquals(mos, EModel.mos(r), 0.01);
    }

    /**
     * G.107 §7.5 Ie,eff = Ie + (95 − Ie)·Ppl/(Ppl/BurstR + Bpl) with G.711's Ie = 0 and G.113 Appendix I's Bpl:
     * 4.3 without concealment, 25.1 with it.
     */
    @ParameterizedTest
    @CsvSource({"0, 4.3, 0", "1, 4.3, 17.925", "10, 4.3, 66.434", "10, 25.1, 27.066", "2, 25.1, 7.011",
            "100, 4.3, 91.083"})
    void effectiveEquipmentImpairmentIsG107s(double loss, double bpl, double ieEff) {
        assertEquals(ieEff, EModel.effectiveEquipmentImpairment(loss, bpl), 0.001);
    }

    /** G.107 §7.4 Idd: 0 up to 100 ms; X = log2(Ta/100), Idd = 25((1+X⁶)^⅙ − 3(1+(X/3)⁶)^⅙ + 2). */
    @ParameterizedTest
    @CsvSource({"0, 0", "100, 0", "200, 3.044", "400, 24.07", "800, 40.83"})
    void absoluteDelayImpairmentIsG107s(double ta, double idd) {
        assertEquals(idd, EModel.idd(ta), 0.01);
    }

    @Test
    void tenPercentLossWithoutConcealmentIsAPoorCall() {
        double r = EModel.r(0, 10, EModel.BPL_G711);
        assertEquals(26.77, r, 0.01);
        assertEquals(1.48, EModel.mos(r), 0.01);
        // the same loss concealed (G.113 Appendix I: Bpl 25.1)
        assertEquals(3.41, EModel.mos(EModel.r(0, 10, EModel.BPL_G711_PLC)), 0.01);
    }

    @Test
    void delayAloneLowersROnlyPastAboutAHundredMilliseconds() {
        // echo terms at G.107's defaults (TELR 65 dB, WEPL 110 dB) cost a few points; Idd takes over past 100 ms
        assertEquals(93.2, EModel.r(0, 0, EModel.BPL_G711), 1e-9);
        double at150 = EModel.r(150, 0, EModel.BPL_G711);
        double at400 = EModel.r(400, 0, EModel.BPL_G711);
        assertEquals(89.5, at150, 0.3);
        assertEquals(62.3, at400, 0.5);
    }
}
