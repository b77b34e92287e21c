"""Totals of the tariffwar/ustariff MAT-files, read with h5py (an independent HDF5 reader).

This is how crates/truce-data/tests/reference/tariffwar_totals.csv was produced; the release
test crates/truce-data/tests/tariffwar_years.rs checks truce's import of every year against it
(h5py 3.16 and numpy from PyPI: `pip install h5py numpy`).

Data: ../shared/data/tariffwar_mat/mat/{WIOD2000..WIOD2014,ICIO2011..ICIO2022}.mat, the prebuilt
files of the MATLAB packages tariffwar (Lashkaripour 2021, JIE 131; github:ahmadlp/tariffwar) and
ustariff (Ignatenko, Lashkaripour, Macedoni & Simonovska 2025, JIE 157; github:ahmadlp/us-tariff),
built from the WIOD 2016 release (Timmer et al. 2015, CC BY 4.0), the OECD ICIO tables 2023
edition and the Teti (2024) Global Tariff Database. Only these few summaries are committed.

Usage: python tariffwar_totals.py PATH/TO/tariffwar_mat/mat > tariffwar_totals.csv

Columns (HDF5 reads MATLAB's N x N x S cube (j exporter, i importer, k sector) as [k][i][j]):
  file, dataset, year, n, s        the file's stem and its scalars
  first_country, last_country      data/countries{1} and {N}
  services_sector                  data/sectors{services_sector}
  x_total                          sum of Xjik_3D (million USD, importer spending gross of tariffs)
  x_domestic                       sum of its diagonal cells (j = i)
  x_net_of_tariffs                 sum of Xjik_3D / (1 + tjik_3D)
  tariff_max                       max of tjik_3D
  zero_cells, zero_domestic        cells of Xjik_3D equal to 0, and those on the diagonal
  sigma_is_sum, sigma_cp_sum       sums of data/sigma/IS/sigma_S and data/sigma/CP/sigma_S
"""
import pathlib
import sys

import h5py
import numpy as np


def text(f, ref):
    return "".join(chr(c) for c in np.asarray(f[ref]).ravel()).strip()


def main():
    folder = pathlib.Path(sys.argv[1])
    cols = ["file", "dataset", "year", "n", "s", "first_country", "last_country",
            "services_sector", "x_total", "x_domestic", "x_net_of_tariffs", "tariff_max",
            "zero_cells", "zero_domestic", "sigma_is_sum", "sigma_cp_sum"]
    print(",".join(cols))
    for path in sorted(folder.glob("*.mat")):
        with h5py.File(path, "r") as f:
            d = f["data"]
            n = int(d["N"][0, 0])
            s = int(d["S"][0, 0])
            x = np.asarray(d["Xjik_3D"])
            t = np.asarray(d["tjik_3D"])
            assert x.shape == (s, n, n) and t.shape == (s, n, n)
            countries = [text(f, r) for r in d["countries"][0]]
            sectors = [text(f, r) for r in d["sectors"][0]]
            dataset = "".join(chr(c) for c in np.asarray(d["dataset"]).ravel()).strip()
            diag = np.einsum("kii->ki", x)
            row = [
                path.stem, dataset, str(int(d["year"][0, 0])), str(n), str(s),
                countries[0], countries[-1],
                '"' + sectors[int(d["services_sector"][0, 0]) - 1] + '"',
                repr(float(x.sum())), repr(float(diag.sum())),
                repr(float((x / (1.0 + t)).sum())), repr(float(t.max())),
                str(int((x == 0).sum())), str(int((diag == 0).sum())),
                repr(float(np.asarray(d["sigma/IS/sigma_S"]).sum())),
                repr(float(np.asarray(d["sigma/CP/sigma_S"]).sum())),
            ]
            print(",".join(row))


if __name__ == "__main__":
    main()
