// The cockpit's small multiples (one small line chart per headline indicator: actual, simulated, target path,
// the target as a red point) and the print page's 打印 button. ECharts is served by the app itself.
document.addEventListener("DOMContentLoaded", () => {
  const printButton = document.getElementById("print-button");
  if (printButton) printButton.addEventListener("click", () => window.print());
  if (typeof echarts === "undefined") return;
  const charts = [];
  for (const holder of document.querySelectorAll(".mini-chart[data-source]")) {
    const source = document.getElementById(holder.dataset.source);
    if (!source) continue;
    const data = JSON.parse(source.textContent);
    const pairs = (points) => points.map((p) => [String(p.year), p.value]);
    const years = new Set();
    for (const key of ["actual", "simulated", "target_path"]) data[key].forEach((p) => years.add(p.year));
    if (data.target_year != null) years.add(data.target_year);
    const axis = [...years].sort((a, b) => a - b).map(String);
    const target = data.target_year != null && data.target_value != null ? [[String(data.target_year), data.target_value]] : [];
    const series = [
      { name: "实际值", type: "line", data: pairs(data.actual), symbolSize: 4, lineStyle: { width: 2 }, itemStyle: { color: "#1f4e79" } },
      { name: "模拟数据", type: "line", data: pairs(data.simulated), symbolSize: 3, lineStyle: { type: "dotted", width: 1.5 }, itemStyle: { color: "#8e7cc3" } },
      { name: "目标路径", type: "line", data: pairs(data.target_path), symbol: "none", lineStyle: { type: "dashed", width: 1 }, itemStyle: { color: "#b3261e" } },
      { name: "目标值", type: "scatter", data: target, symbolSize: 7, itemStyle: { color: "#b3261e" } },
    ].filter((s) => s.data.length);
    const chart = echarts.init(holder, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 2 }) + " " + data.unit) },
      grid: { left: 8, right: 16, top: 8, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: axis, boundaryGap: false, axisLabel: { fontSize: 9, hideOverlap: true } },
      yAxis: { type: "value", scale: true, splitNumber: 2, axisLabel: { fontSize: 9 } },
      series,
    });
    charts.push(chart);
    holder.dataset.ready = "true";
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  window.addEventListener("beforeprint", () => charts.forEach((c) => c.resize()));
});
