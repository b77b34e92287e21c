"""Run USITC gegravity's documented OneSectorGE example (Canada-Japan PTA) on sample_data_set.dlm.

This is how the reference values in crates/truce/src/replicate/gegravity.rs were produced
(gegravity 0.3 from PyPI: `pip install gegravity==0.3`), and the peer timed in
docs/performance.md. The settings follow the example in gegravity 0.3's documentation.

Usage: python run_gegravity.py PATH/TO/sample_data_set.dlm [OUTDIR]
Without OUTDIR it prints the first country results; with OUTDIR it writes the country,
bilateral and multilateral-resistance results there as CSV at full precision.
"""
import sys
import pandas as pd
import gegravity as ge

path = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else None
grav_data = pd.read_csv(path)
grav_data["constant"] = 1
baseline = ge.BaselineData(grav_data, imp_var_name="importer", exp_var_name="exporter",
                           year_var_name="year", trade_var_name="trade",
                           expend_var_name="E", output_var_name="Y")
ests = pd.DataFrame([
    ("lndist", -0.3898623, 0.0729915),
    ("contiguity", 0.891577, 0.1327354),
    ("common_language", 0.0326249, 0.0840702),
    ("pta", 0.4711383, 0.1076578),
    ("international", -3.412584, 0.2151235),
    ("constant", 16.32434, 0.4844137),
], columns=["var", "beta", "stderr"])
cost_params = ge.CostCoeffs(estimates=ests, identifier_col="var", coeff_col="beta", stderr_col="stderr")
model = ge.OneSectorGE(baseline=baseline, cost_coeff_values=cost_params,
                       cost_variables=["lndist", "contiguity", "common_language", "pta",
                                       "international", "constant"],
                       year="2006", reference_importer="DEU", sigma=5, quiet=True)
model.build_baseline(omr_rescale=1)
exp_data = model.baseline_data.copy()
exp_data.loc[(exp_data["importer"] == "CAN") & (exp_data["exporter"] == "JPN"), "pta"] = 1
exp_data.loc[(exp_data["importer"] == "JPN") & (exp_data["exporter"] == "CAN"), "pta"] = 1
model.define_experiment(exp_data)
model.simulate()
if out:
    pd.set_option("display.precision", 17)
    model.country_results.to_csv(out + "/country_results.csv", float_format="%.17g")
    model.bilateral_trade_results.to_csv(out + "/bilateral_trade_results.csv", float_format="%.17g")
    model.baseline_mr.to_csv(out + "/baseline_mr.csv", float_format="%.17g")
    model.country_mr_terms.to_csv(out + "/mr_terms.csv", float_format="%.17g")
    model.factory_gate_prices.to_csv(out + "/factory_gate_prices.csv", float_format="%.17g")
else:
    print(model.country_results.iloc[:, :5].to_string())
