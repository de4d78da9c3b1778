// The indicator chart: observed levels, simulated levels, the target path and the projection (ECharts,
// served by the app itself). Reads its data from the page's <script type="application/json" id="chart-data">.
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("chart");
  const source = document.getElementById("chart-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const pairs = (points) => points.map((p) => [String(p.year), p.value]);
  const years = new Set();
  for (const key of ["actual", "simulated", "target_path", "projection"]) data[key].forEach((p) => years.add(p.year));
  (data.comparable || []).forEach((p) => years.add(p.year));
  const axis = [...years].sort((a, b) => a - b).map(String);
  const series = [
    { name: "实际值", type: "line", data: pairs(data.actual), symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: "#1f4e79" } },
    { name: "模拟数据", type: "line", data: pairs(data.simulated), symbolSize: 7, lineStyle: { type: "dotted", width: 2 }, itemStyle: { color: "#8e7cc3" } },
    { name: "可比价（基期价格）", type: "line", data: pairs(data.comparable || []), symbolSize: 6, lineStyle: { width: 2 }, itemStyle: { color: "#4527a0" } },
    { name: "目标路径", type: "line", data: pairs(data.target_path), symbol: "none", lineStyle: { type: "dashed" }, itemStyle: { color: "#b3261e" } },
    { name: "按当前速度预测", type: "line", data: pairs(data.projection), symbol: "none", lineStyle: { type: "dashed" }, itemStyle: { color: "#e69138" } },
  ].filter((s) => s.data.length);
  const chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 2 }) + " " + data.unit) },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: axis, boundaryGap: false },
    yAxis: { type: "value", name: data.unit, scale: true },
    series,
  });
  window.addEventListener("resize", () => chart.resize());
  holder.dataset.ready = "true";
});
