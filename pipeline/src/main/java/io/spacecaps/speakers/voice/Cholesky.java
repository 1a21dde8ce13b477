package io.spacecaps.speakers.voice;

/** Solves symmetric positive-definite systems given as packed lower triangles. */
final class Cholesky {

    private Cholesky() {
    }

    /** x with A x = b, A of dimension n packed row by row as its lower triangle. */
    static double[] solvePacked(double[] packed, double[] b, int n) {
        double[][] l = new double[n][];
        for (int r = 0, p = 0; r < n; r++) {
            l[r] = new double[r + 1];
            for (int c = 0; c <= r; c++) {
                l[r][c] = packed[p++];
            }
        }
        for (int j = 0; j < n; j++) {
            double diag = l[j][j];
            for (int k = 0; k < j; k++) {
                diag -= l[j][k] * l[j][k];
            }
            if (diag <= 0) {
                throw new ArithmeticException("matrix is not positive definite");
            }
            diag = Math.sqrt(diag);
            l[j][j] = diag;
            for (int i = j + 1; i < n; i++) {
                double s = l[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / diag;
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
