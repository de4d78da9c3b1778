"""The hand-written annotations of the gold texts, and the step that turns them into JSONL records.

Each row was typed by reading the text: an anchor (a unique phrase around the figure), the evidence inside
it, then indicator | modality | measure | value (base unit) | unit | comparator | year | start_year |
annualized (y/n) [| region]. Offsets are found by searching the anchor, so they are exact; nothing here
calls the extractor. Run ``python tests/golden/build_gold.py`` after editing a table.
"""

import json
from pathlib import Path

G = Path(__file__).resolve().parent
SEEDS = G.parents[1] / "src" / "luoshi" / "data" / "pingcheng" / "sources"


def rows(spec):
    for line in spec.strip().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        yield parts


def build(doc_path, doc, region, spec, out):
    text = doc_path.read_text(encoding="utf-8")
    recs = []
    cursor = 0
    for anchor, ev, ind, mod, meas, val, unit, cmp, year, sy, ann, *reg in rows(spec):
        a = text.find(anchor, cursor)
        if a < 0:
            a = text.find(anchor)
        assert a >= 0, anchor
        e = text.find(ev, a)
        assert e >= 0 and e < a + len(anchor), (anchor, ev)
        cursor = a
        recs.append(
            {
                "doc": doc,
                "start": e,
                "end": e + len(ev),
                "text": ev,
                "indicator": ind,
                "region": (reg[0] if reg else region) or None,
                "modality": mod,
                "measure": meas,
                "value": float(val),
                "unit": unit,
                "comparator": cmp,
                "year": None if year == "-" else int(year),
                "start_year": None if sy == "-" else int(sy),
                "annualized": ann == "y",
            }
        )
        assert text[e : e + len(ev)] == ev
    with open(out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(out.name, len(recs))


S000 = """
# anchor | evidence | indicator | modality | measure | value | unit | cmp | year | start_year | annualized [| region]
地区生产总值年均增长率达到7.22% | 达到7.22% | 地区生产总值 | actual | growth | 7.22 | % | = | 2020 | 2016 | y
集中划转108项审批事权 | 108项 | 审批事权 | actual | level | 108 | 项 | = | 2020 | 2016 | n
143个社区活动场所 | 143个 | 社区活动场所 | actual | level | 143 | 个 | = | 2020 | 2016 | n
城镇居民人均可支配收入年均增长7.04% | 7.04% | 城镇居民人均可支配收入 | actual | growth | 7.04 | % | = | 2020 | 2016 | y
城镇登记失业率控制在4.5%以内 | 控制在4.5%以内 | 城镇登记失业率 | actual | level | 4.5 | % | <= | 2020 | 2016 | n
扩建学校9所 | 9所 | 学校 | actual | level | 9 | 所 | = | 2020 | 2016 | n
保持在310天以上 | 310天以上 | 空气质量二级以上良好天数 | actual | level | 310 | 天 | >= | 2020 | 2016 | n
绿化覆盖率达到43.73% | 达到43.73% | 绿化覆盖率 | actual | level | 43.73 | % | = | 2020 | 2016 | n
安全隐患3000余个 | 3000余个 | 安全隐患 | actual | level | 3000 | 个 | > | 2020 | 2016 | n
实施100项牵引性工程 | 100项 | 牵引性工程 | target | level | 100 | 项 | = | - | - | n
培树100家示范党组织 | 100家 | 示范党组织 | target | level | 100 | 家 | = | - | - | n
老年大学分校10所 | 10所 | 老年大学分校 | actual | level | 10 | 所 | = | 2021 | - | n
其中企业1所 | 1所 | 企业老年大学分校 | actual | level | 1 | 所 | = | 2021 | - | n
街道社区9所 | 9所 | 街道社区老年大学分校 | actual | level | 9 | 所 | = | 2021 | - | n
拥有学员1500余人 | 1500余人 | 老年大学学员 | actual | level | 1500 | 人 | > | 2021 | - | n
为家长推发40余期 | 40余期 | 家庭教育大课堂推发期数 | actual | level | 40 | 期 | > | 2021 | - | n
《心理讲座》4个板块 | 4个 | 《花开的声音》板块 | actual | level | 4 | 个 | = | 2021 | - | n
抽调20名 | 20名 | 执法人员 | actual | level | 20 | 名 | = | - | - | n
走进我市10所小学 | 10所 | 小学 | actual | level | 10 | 所 | = | 2021 | - | n | 大同市
"""

S001 = """
建设141家社区党群服务中心 | 141家 | 社区党群服务中心 | actual | level | 141 | 家 | = | 2020 | 2018 | n
16个新时代文明实践所 | 16个 | 新时代文明实践所 | actual | level | 16 | 个 | = | 2020 | 2018 | n
147个新时代文明实践站 | 147个 | 新时代文明实践站 | actual | level | 147 | 个 | = | 2020 | 2018 | n
项目建设323个 | 323个 | 项目建设 | actual | level | 323 | 个 | = | 2020 | 2018 | n
竣工120个 | 120个 | 竣工项目 | actual | level | 120 | 个 | = | 2020 | 2018 | n
实现投资461.09亿元 | 461.09亿元 | 投资 | actual | level | 46109000000 | 元 | = | 2020 | 2018 | n
从2018年的394.5亿元 | 394.5亿元 | 地区生产总值 | actual | level | 39450000000 | 元 | = | 2018 | - | n
增加到2020年的428.2亿元 | 428.2亿元 | 地区生产总值 | actual | level | 42820000000 | 元 | = | 2020 | - | n
年均增长4.2% | 4.2% | 地区生产总值 | actual | growth | 4.2 | % | = | 2020 | 2018 | y
从2018年的164.7亿元 | 164.7亿元 | 固定资产投资 | actual | level | 16470000000 | 元 | = | 2018 | - | n
增加到2020年的216.4亿元 | 216.4亿元 | 固定资产投资 | actual | level | 21640000000 | 元 | = | 2020 | - | n
年均增长14.6% | 14.6% | 固定资产投资 | actual | growth | 14.6 | % | = | 2020 | 2018 | y
从2018年的4.9亿元 | 4.9亿元 | 一般公共预算收入 | actual | level | 490000000 | 元 | = | 2018 | - | n
增加到2020年的9.2亿元 | 9.2亿元 | 一般公共预算收入 | actual | level | 920000000 | 元 | = | 2020 | - | n
年均增长36.6% | 36.6% | 一般公共预算收入 | actual | growth | 36.6 | % | = | 2020 | 2018 | y
182项行政许可事项 | 182项 | 行政许可事项 | actual | level | 182 | 项 | = | 2020 | 2018 | n
审批材料压减率达到35% | 达到35% | 审批材料压减率 | actual | level | 35 | % | = | 2020 | 2018 | n
审批时限压缩率达到53% | 达到53% | 审批时限压缩率 | actual | level | 53 | % | = | 2020 | 2018 | n
认定双创基地14家 | 14家 | 双创基地 | actual | level | 14 | 家 | = | 2020 | 2018 | n
省级示范基地2家 | 2家 | 省级示范基地 | actual | level | 2 | 家 | = | 2020 | 2018 | n
减免各类税费3.17亿元 | 3.17亿元 | 减免税费 | actual | level | 317000000 | 元 | = | 2020 | 2018 | n
为企业让利1.2亿元 | 1.2亿元 | 企业让利 | actual | level | 120000000 | 元 | = | 2020 | 2018 | n
贷款融资11.75亿元 | 11.75亿元 | 股权、贷款融资 | actual | level | 1175000000 | 元 | = | 2020 | 2018 | n
征收各类房屋60000余处 | 60000余处 | 征收房屋 | actual | level | 60000 | 处 | > | 2020 | 2018 | n
120座公共空间投入使用 | 120座 | 公共空间 | actual | level | 120 | 座 | = | 2020 | 2018 | n
全区80%以上道路 | 80%以上 | 道路机械化清扫 | actual | level | 80 | % | >= | 2020 | 2018 | n
等10余个便民市场 | 10余个 | 便民市场 | actual | level | 10 | 个 | > | 2020 | 2018 | n
每年保持在300天以上 | 300天以上 | 二级以上优良天气 | actual | level | 300 | 天 | >= | 2020 | 2018 | n
完成127个老旧小区 | 127个 | 老旧小区综合整治工程 | actual | level | 127 | 个 | = | 2020 | 2018 | n
始终控制在4.5% | 控制在4.5% | 城镇登记失业率 | actual | level | 4.5 | % | <= | 2020 | 2018 | n
1196名网格员 | 1196名 | 网格员 | actual | level | 1196 | 名 | = | 2020 | 2018 | n
涉黑涉恶团伙52个 | 52个 | 涉黑涉恶团伙 | actual | level | 52 | 个 | = | 2020 | 2018 | n
破获各类案件200余起 | 200余起 | 案件 | actual | level | 200 | 起 | > | 2020 | 2018 | n
年均增长率达到8.5%以上 | 达到8.5%以上 | 地区生产总值 | target | growth | 8.5 | % | >= | 2025 | 2021 | y
重点实验室达到5家以上 | 达到5家以上 | 新型科研机构或国家级重点实验室 | target | level | 5 | 家 | >= | 2025 | - | n
企业数量达到20家以上 | 达到20家以上 | 高新技术企业数量 | target | level | 20 | 家 | >= | 2025 | - | n
比例达到40%以上 | 达到40%以上 | 技能劳动者占就业人员总量的比例 | target | level | 40 | % | >= | 2025 | - | n
文书档案1600余卷 | 1600余卷 | 文书档案 | actual | level | 1600 | 卷 | > | 2021 | - | n
实物档案370件 | 370件 | 实物档案 | actual | level | 370 | 件 | = | 2021 | - | n
党员先锋队20余人 | 20余人 | 社区党员、志愿者和党员先锋队 | actual | level | 20 | 人 | > | 2021 | - | n
已成功直播两次 | 两次 | 直播次数 | actual | level | 2 | 次 | = | 2021 | - | n
"""

NAT = """
国内生产总值达到114万亿元 | 达到114万亿元 | 国内生产总值 | actual | level | 114000000000000 | 元 | = | 2021 | - | n
达到114万亿元，增长8.1% | 8.1% | 国内生产总值 | actual | growth | 8.1 | % | = | 2021 | - | n
突破20万亿元 | 突破20万亿元 | 财政收入 | actual | level | 20000000000000 | 元 | > | 2021 | - | n
增长10.7% | 10.7% | 财政收入 | actual | growth | 10.7 | % | = | 2021 | - | n
城镇新增就业1269万人 | 1269万人 | 城镇新增就业 | actual | level | 12690000 | 人 | = | 2021 | - | n
平均为5.1% | 5.1% | 城镇调查失业率 | actual | level | 5.1 | % | = | 2021 | - | n
上涨0.9% | 0.9% | 居民消费价格 | actual | growth | 0.9 | % | = | 2021 | - | n
粮食产量1.37万亿斤 | 1.37万亿斤 | 粮食产量 | actual | level | 1370000000000 | 斤 | = | 2021 | - | n
实际增长9.7% | 9.7% | 农村居民人均可支配收入 | actual | growth | 9.7 | % | = | 2021 | - | n
能耗下降2.7% | 2.7% | 单位国内生产总值能耗 | actual | growth | -2.7 | % | = | 2021 | - | n
增长5.5%左右 | 5.5%左右 | 国内生产总值 | target | growth | 5.5 | % | ~ | 2022 | - | n
1100万人以上 | 1100万人以上 | 城镇新增就业 | target | level | 11000000 | 人 | >= | 2022 | - | n
控制在5.5%以内 | 控制在5.5%以内 | 城镇调查失业率 | target | level | 5.5 | % | <= | 2022 | - | n
涨幅3%左右 | 3%左右 | 居民消费价格 | target | growth | 3 | % | ~ | 2022 | - | n
1.3万亿斤以上 | 1.3万亿斤以上 | 粮食产量 | target | level | 1300000000000 | 斤 | >= | 2022 | - | n
国内生产总值1143670亿元 | 1143670亿元 | 国内生产总值 | actual | level | 114367000000000 | 元 | = | 2021 | - | n
比上年增长8.1% | 8.1% | 国内生产总值 | actual | growth | 8.1 | % | = | 2021 | - | n
两年平均增长5.1% | 5.1% | 国内生产总值 | actual | growth | 5.1 | % | = | 2021 | 2020 | y
第一产业增加值83086亿元 | 83086亿元 | 第一产业增加值 | actual | level | 8308600000000 | 元 | = | 2021 | - | n
83086亿元，增长7.1% | 7.1% | 第一产业增加值 | actual | growth | 7.1 | % | = | 2021 | - | n
第二产业增加值450904亿元 | 450904亿元 | 第二产业增加值 | actual | level | 45090400000000 | 元 | = | 2021 | - | n
450904亿元，增长8.2% | 8.2% | 第二产业增加值 | actual | growth | 8.2 | % | = | 2021 | - | n
第三产业增加值609680亿元 | 609680亿元 | 第三产业增加值 | actual | level | 60968000000000 | 元 | = | 2021 | - | n
609680亿元，增长8.2% | 8.2% | 第三产业增加值 | actual | growth | 8.2 | % | = | 2021 | - | n
分别增长7.7% | 7.7% | 农副食品加工业增加值 | actual | growth | 7.7 | % | = | 2021 | - | n
、1.4%和 | 1.4% | 纺织业增加值 | actual | growth | 1.4 | % | = | 2021 | - | n
和12.4% | 12.4% | 通用设备制造业增加值 | actual | growth | 12.4 | % | = | 2021 | - | n
可支配收入35128元 | 35128元 | 全国居民人均可支配收入 | actual | level | 35128 | 元 | = | 2021 | - | n
比上年增长9.1% | 9.1% | 全国居民人均可支配收入 | actual | growth | 9.1 | % | = | 2021 | - | n
实际增长8.1% | 8.1% | 全国居民人均可支配收入 | actual | growth | 8.1 | % | = | 2021 | - | n
就业人员74652万人 | 74652万人 | 就业人员 | actual | level | 746520000 | 人 | = | 2021 | - | n
城镇就业人员46773万人 | 46773万人 | 城镇就业人员 | actual | level | 467730000 | 人 | = | 2021 | - | n
提高到65% | 65% | 常住人口城镇化率 | target | level | 65 | % | = | 2025 | - | n
达到百分之二点五以上 | 达到百分之二点五以上 | 研究与试验发展经费投入强度 | target | level | 2.5 | % | >= | 2025 | - | n
农村公路一千二百公里 | 一千二百公里 | 新建改建农村公路 | target | level | 1200 | 公里 | = | 2025 | - | n
"""

CTY = """
年均增长6%—7% | 6%—7% | 地区生产总值 | target | growth | 6 | % | >= | 2025 | 2021 | y
年均增长6%—7% | 6%—7% | 地区生产总值 | target | growth | 7 | % | <= | 2025 | 2021 | y
突破300亿元 | 突破300亿元 | 地区生产总值 | target | level | 30000000000 | 元 | > | 2025 | - | n
年均增长8%以上 | 8%以上 | 一般公共预算收入 | target | growth | 8 | % | >= | 2025 | 2021 | y
固定资产投资86.5亿元 | 86.5亿元 | 固定资产投资 | actual | level | 8650000000 | 元 | = | 2023 | - | n
同比下降5.6% | 5.6% | 固定资产投资 | actual | growth | -5.6 | % | = | 2023 | - | n
零售总额52.3亿元 | 52.3亿元 | 社会消费品零售总额 | actual | level | 5230000000 | 元 | = | 2023 | - | n
增长4.8% | 4.8% | 社会消费品零售总额 | actual | growth | 4.8 | % | = | 2023 | - | n
分别达到41200元 | 41200元 | 城镇居民人均可支配收入 | actual | level | 41200 | 元 | = | 2023 | - | n
和18650元 | 18650元 | 农村居民人均可支配收入 | actual | level | 18650 | 元 | = | 2023 | - | n
分别增长4.9% | 4.9% | 城镇居民人均可支配收入 | actual | growth | 4.9 | % | = | 2023 | - | n
和7.1% | 7.1% | 农村居民人均可支配收入 | actual | growth | 7.1 | % | = | 2023 | - | n
新增市场主体三千二百户 | 三千二百户 | 新增市场主体 | actual | level | 3200 | 户 | = | 2023 | - | n
增长6.5%左右 | 6.5%左右 | 地区生产总值 | target | growth | 6.5 | % | ~ | 2024 | - | n
不少于4500人 | 不少于4500人 | 城镇新增就业 | target | level | 4500 | 人 | >= | 2024 | - | n
控制在5.5%以内 | 控制在5.5%以内 | 城镇调查失业率 | target | level | 5.5 | % | <= | 2024 | - | n
下降百分之三 | 百分之三 | 单位地区生产总值能耗 | target | growth | -3 | % | = | 2024 | - | n
"""


HELD = """
地区生产总值236.8亿元 | 236.8亿元 | 地区生产总值 | actual | level | 23680000000 | 元 | = | 2023 | - | n
比上年增长5.2% | 5.2% | 地区生产总值 | actual | growth | 5.2 | % | = | 2023 | - | n
第一产业增加值21.3亿元 | 21.3亿元 | 第一产业增加值 | actual | level | 2130000000 | 元 | = | 2023 | - | n
增长3.9% | 3.9% | 第一产业增加值 | actual | growth | 3.9 | % | = | 2023 | - | n
第二产业增加值89.1亿元 | 89.1亿元 | 第二产业增加值 | actual | level | 8910000000 | 元 | = | 2023 | - | n
增长6.1% | 6.1% | 第二产业增加值 | actual | growth | 6.1 | % | = | 2023 | - | n
第三产业增加值126.4亿元 | 126.4亿元 | 第三产业增加值 | actual | level | 12640000000 | 元 | = | 2023 | - | n
增长4.8% | 4.8% | 第三产业增加值 | actual | growth | 4.8 | % | = | 2023 | - | n
三次产业结构由上年的9.5:38.2:52.3 | 9.5:38.2:52.3 | 第一产业增加值比重 | actual | level | 9.5 | % | = | 2022 | - | n
三次产业结构由上年的9.5:38.2:52.3 | 9.5:38.2:52.3 | 第二产业增加值比重 | actual | level | 38.2 | % | = | 2022 | - | n
三次产业结构由上年的9.5:38.2:52.3 | 9.5:38.2:52.3 | 第三产业增加值比重 | actual | level | 52.3 | % | = | 2022 | - | n
调整为9.0:37.6:53.4 | 9.0:37.6:53.4 | 第一产业增加值比重 | actual | level | 9.0 | % | = | 2023 | - | n
调整为9.0:37.6:53.4 | 9.0:37.6:53.4 | 第二产业增加值比重 | actual | level | 37.6 | % | = | 2023 | - | n
调整为9.0:37.6:53.4 | 9.0:37.6:53.4 | 第三产业增加值比重 | actual | level | 53.4 | % | = | 2023 | - | n
户籍人口58.62万人 | 58.62万人 | 户籍人口 | actual | level | 586200 | 人 | = | 2023 | - | n
城镇新增就业4860人 | 4860人 | 城镇新增就业 | actual | level | 4860 | 人 | = | 2023 | - | n
转移就业1.2万人次 | 1.2万人次 | 农村劳动力转移就业 | actual | level | 12000 | 人次 | = | 2023 | - | n
上涨1.8% | 1.8% | 居民消费价格总水平 | actual | growth | 1.8 | % | = | 2023 | - | n
增加值增长7.8% | 7.8% | 规模以上工业增加值 | actual | growth | 7.8 | % | = | 2023 | - | n
重点项目120个 | 120个 | 重点项目 | actual | level | 120 | 个 | = | 2023 | - | n
总投资达到356亿元 | 达到356亿元 | 重点项目总投资 | actual | level | 35600000000 | 元 | = | 2023 | - | n
亿元以上项目45个 | 45个 | 亿元以上项目 | actual | level | 45 | 个 | = | 2023 | - | n
能耗下降3.2% | 3.2% | 万元地区生产总值能耗 | actual | growth | -3.2 | % | = | 2023 | - | n
国内游客856.3万人次 | 856.3万人次 | 国内游客 | actual | level | 8563000 | 人次 | = | 2023 | - | n
旅游收入78.4亿元 | 78.4亿元 | 旅游收入 | actual | level | 7840000000 | 元 | = | 2023 | - | n
分别增长12.6% | 12.6% | 国内游客 | actual | growth | 12.6 | % | = | 2023 | - | n
和15.3% | 15.3% | 旅游收入 | actual | growth | 15.3 | % | = | 2023 | - | n
学校126所 | 126所 | 学校 | actual | level | 126 | 所 | = | 2023 | - | n
在校学生8.9万人 | 8.9万人 | 在校学生 | actual | level | 89000 | 人 | = | 2023 | - | n
存款余额412.6亿元 | 412.6亿元 | 金融机构存款余额 | actual | level | 41260000000 | 元 | = | 2023 | - | n
森林覆盖率达到23.5% | 达到23.5% | 森林覆盖率 | actual | level | 23.5 | % | = | 2023 | - | n
提高0.6个百分点 | 0.6个百分点 | 森林覆盖率 | actual | growth | 0.6 | 百分点 | = | 2023 | - | n
浓度为32微克/立方米 | 32微克/立方米 | PM2.5平均浓度 | actual | level | 32 | 微克/立方米 | = | 2023 | - | n
人均预期寿命78.6岁 | 78.6岁 | 人均预期寿命 | actual | level | 78.6 | 岁 | = | 2023 | - | n
增长5.5%以上 | 5.5%以上 | 地区生产总值 | target | growth | 5.5 | % | >= | 2024 | - | n
固定资产投资增长8% | 8% | 固定资产投资 | target | growth | 8 | % | = | 2024 | - | n
收入增长6% | 6% | 一般公共预算收入 | target | growth | 6 | % | = | 2024 | - | n
分别增长6% | 6% | 城镇居民人均可支配收入 | target | growth | 6 | % | = | 2024 | - | n
和7.5% | 7.5% | 农村居民人均可支配收入 | target | growth | 7.5 | % | = | 2024 | - | n
"""

WORK = """
完成182.6亿元 | 182.6亿元 | 地区生产总值 | actual | level | 18260000000 | 元 | = | 2022 | - | n
同比增长4.1% | 4.1% | 地区生产总值 | actual | growth | 4.1 | % | = | 2022 | - | n
一般公共预算收入12.8亿元 | 12.8亿元 | 一般公共预算收入 | actual | level | 1280000000 | 元 | = | 2022 | - | n
增长9.6% | 9.6% | 一般公共预算收入 | actual | growth | 9.6 | % | = | 2022 | - | n
达到86家 | 达到86家 | 规模以上工业企业 | actual | level | 86 | 家 | = | 2022 | - | n
新增12家 | 12家 | 规模以上工业企业 | actual | growth | 12 | 家 | = | 2022 | - | n
重点项目42个 | 42个 | 省市重点项目 | actual | level | 42 | 个 | = | 2022 | - | n
完成投资68.3亿元 | 68.3亿元 | 重点项目完成投资 | actual | level | 6830000000 | 元 | = | 2022 | - | n
农村公路215公里 | 215公里 | 新建改造农村公路 | actual | level | 215 | 公里 | = | 2022 | - | n
新增城镇就业3850人 | 3850人 | 新增城镇就业 | actual | level | 3850 | 人 | = | 2022 | - | n
控制在3.2%以内 | 控制在3.2%以内 | 城镇登记失业率 | actual | level | 3.2 | % | <= | 2022 | - | n
增长6%左右 | 6%左右 | 地区生产总值 | target | growth | 6 | % | ~ | 2023 | - | n
增长10%以上 | 10%以上 | 固定资产投资 | target | growth | 10 | % | >= | 2023 | - | n
收入增长8% | 8% | 一般公共预算收入 | target | growth | 8 | % | = | 2023 | - | n
分别增长5.5% | 5.5% | 城镇居民人均可支配收入 | target | growth | 5.5 | % | = | 2023 | - | n
和7% | 7% | 农村居民人均可支配收入 | target | growth | 7 | % | = | 2023 | - | n
下降2.5% | 2.5% | 单位地区生产总值能耗 | target | growth | -2.5 | % | = | 2023 | - | n
学校3所 | 3所 | 学校 | target | level | 3 | 所 | = | 2023 | - | n
卫生院5所 | 5所 | 卫生院 | target | level | 5 | 所 | = | 2023 | - | n
养老床位600张 | 600张 | 养老床位 | target | level | 600 | 张 | = | 2023 | - | n
"""

TABLES = [
    (SEEDS / "000_c54f5d79fee48585.txt", "平城区", S000),
    (SEEDS / "001_9210089917e0ccd1.txt", "平城区", S001),
    (G / "texts" / "national_report_style_2022.txt", "全国", NAT),
    (G / "texts" / "county_plan_style_2024.txt", "某县", CTY),
    (G / "texts" / "county_communique_style_2024.txt", "某县", HELD),
    (G / "texts" / "county_work_report_style_2023.txt", "某县", WORK),
]


def build_table(table: Path) -> None:
    """Build the JSONL of one table file in tables/: ``tables/gwr2017.table`` -> ``gwr2017.jsonl``.

    The file starts with ``# text: texts/gwr2017.txt`` and ``# region: 全国`` lines, then the rows.
    """
    spec = table.read_text(encoding="utf-8")
    header = dict(
        line[1:].split(":", 1) for line in spec.splitlines() if line.startswith("# ") and ":" in line.split("|")[0]
    )
    header = {k.strip(): v.strip() for k, v in header.items()}
    text = G / header["text"]
    build(text, text.name, header["region"], spec, G / (table.stem + ".jsonl"))


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        for arg in sys.argv[1:]:
            build_table(Path(arg).resolve())
    else:
        for path, region, spec in TABLES:
            build(path, path.name, region, spec, G / (path.stem + ".jsonl"))
        for table in sorted((G / "tables").glob("*.table")):
            build_table(table)
