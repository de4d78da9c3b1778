"""Sentence and clause rules that turn Chinese text into :class:`Statement` records, one per figure.

A figure is a number with its unit or classifier ("394.5亿元", "4.2%", "141家", "百分之三点五") that states
an amount, a count, a share or a rate of change. Dates, ranks (排名第六), session numbers (一届七次全会),
list numbering (1. / 一是 / (一)), slogans and programme names (九个“聚焦”, 六项行动) are not figures.

For each figure the rules find, within its sentence and clause:

* the indicator, named in the clause before the number ("地区生产总值年均增长率达到7.22%"), after the
  classifier ("建成10所学校"), or, for a rate that follows a level, inherited from that level
  ("国内生产总值达到114万亿元，增长8.1%");
* the measure: a growth rate when a verb of change precedes a rate ("增长8.1%", "下降5.6%" -> -5.6,
  "提高2个百分点"), else a level ("增加到428.2亿元" is a level);
* the comparator from the words around the number (以上 >=, 超过/余/多 >, 以内/控制在 <=, 左右/约 ~);
* the year from the nearest time expression before it in the sentence, else in the paragraph, else in
  the section heading ("“十三五”成绩单"), see :mod:`luoshi.extract.periods`;
* the modality: a target after a target cue (确保, 力争, 预期目标, 到2025年), for a year after the
  document's, or under a heading of goals (今年工作重点); else an actual figure.

>>> [(s.indicator, s.measure.value, s.value, s.unit, s.year) for s in extract_statements(
...     "国内生产总值达到114万亿元，增长8.1%。", doc_year=2022)]
[('国内生产总值', 'level', 114000000000000.0, '元', None), ('国内生产总值', 'growth', 8.1, '%', None)]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Final

from luoshi.domain.measurement import require_finite
from luoshi.domain.statement import Modality, Statement
from luoshi.domain.target import Comparator, Measure
from luoshi.extract.context import Document, DocumentKind, read_document
from luoshi.extract.layout import Page
from luoshi.extract.numerals import ARABIC, CHINESE, MIXED, is_small_chinese, parse_mixed, parse_number
from luoshi.extract.periods import TimeKind, TimeRef, find_periods
from luoshi.extract.units import COUNT_UNITS, DURATION_UNITS, MULTIPLIER, RATE_UNITS, UNIT, normalise

_NUMBER = f"(?:{ARABIC}|{CHINESE})"

#: a figure: "394.5亿元", "10余个", "1.2万余人", "5%-6%", "3至5个", "90天—110天", "百分之三点五", "3个百分点",
#: OCR's "394.5 亿元" with a space, "1万6千多户"; and words as numbers: "三分之一", "一半", "翻一番", "零增长";
#: a count of people with no classifier ("户籍人口31.5万", "8000多万农业转移人口") has only its multiplier
_QUANTITY: Final[re.Pattern[str]] = re.compile(
    # every figure starts with a digit or one of these words' first characters; other positions fail at once
    r"(?=[-−－0-9０-９〇○零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾百半翻上万千亿减数过近])(?:"
    rf"(?P<pct>百分之)(?P<pnum>{_NUMBER})"
    rf"|(?P<frac>(?P<den>[二三四五六七八九十])分之(?P<nom>[一二三四五六七八九]))"
    r"|(?P<half>一半|半数|(?P<halfcmp>过半|近半)(?:数)?)"
    r"|(?P<fan>翻(?:了)?(?P<fanapprox>近|约)?(?P<fann>[一两二三四])番(?P<fanmore>多|以上)?)"
    r"|(?P<zero>零增长)"
    # "再减半征收所得税": a change of -50 % of what is halved
    r"|(?P<halve>减半)(?=征收|征|收取|执行|计征|[\u4e00-\u9fff]{2})"
    # "灵活就业人员数以亿计": at least the multiplier, a stock stated in passing
    r"|(?P<many>数以(?P<manym>亿|千万|百万|万)计)"
    r"|(?P<cheng>[一二两三四五六七八九])成(?![为员立本果效绩就熟功交片批套])"
    r"|(?P<twodigit>两位数)(?=增长)"
    r"|(?P<above>上(?P<abovem>亿|千万))(?P<aboveunit>人次|人|户)?(?=[\u4e00-\u9fff])"
    # a round amount with no digit after a comparator: "年度规模已超过万亿元", "突破千亿元"
    r"|(?:(?<=超过)|(?<=突破)|(?<=达到)|(?<=逾)|(?<=近)|(?<=约)|(?<=惠及))(?P<round>万亿|千亿|亿|千万|百万|万)"
    r"(?P<roundunit>元|人次|人|吨|亩|户|名|家庭)"
    rf"|(?<![0-9０-９.．A-Za-z])(?P<ratio>{ARABIC}[:：]{ARABIC}(?:[:：]{ARABIC})+)(?![0-9０-９])"
    # a ratio to one: "农产品加工业产值与农业总产值之比达到2.3:1" is 2.3 times
    rf"|(?<![0-9０-９.．A-Za-z:：])(?P<toone>{ARABIC})[:：]1(?![0-9０-９.．:：])"
    rf"|(?<![0-9０-９.．A-Za-z])(?P<wanyi>{ARABIC})万(?P<wyapprox>多|余)亿(?P<wyunit>{UNIT})"
    rf"|(?<![0-9０-９.．A-Za-z])(?:(?P<mixed>{MIXED})|(?:(?<=[\u4e00-\u9fff为是])(?P<neg>[-−－]))?(?P<num>{_NUMBER}))"
    rf"(?:(?:%|％)?\s*(?:-|—|–|~|～|至|到)\s*(?P<num2>{ARABIC}|{CHINESE}))?"
    rf"(?P<approx1>余|多)?[ \u3000]?(?P<mult>(?!千米){MULTIPLIER})?(?P<approx2>余|多)?"
    rf"(?:(?P<unit>{UNIT})(?:\s*(?:-|—|–|~|～|至)\s*(?P<num3>{ARABIC})(?P=unit))?|(?:(?<=[万亿])|(?<=[万亿][多余]))(?![0-9０-９]))"
    # a share printed without its %: "占比为41.3", "比重达52.1，"
    rf"|(?:(?<=占比为)|(?<=比重为)|(?<=占比达)|(?<=比重达)|(?<=比例为))(?P<bare>{ARABIC})(?![0-9０-９.．%％:：])"
    # (last) a ratio printed without a unit: "城乡居民收入比为2.05", "由2020年的2.15缩小到2.05", "比上年缩小0.04"
    r"|(?:(?<=比为)|(?<=比由)|(?<=年的)|(?<=缩小到)|(?<=缩小至)|(?<=缩小为)|(?<=缩小)|(?<=下降到)|(?<=降至)|(?<=缩小了))"
    r"(?P<xbare>[0-9]{1,2}\.[0-9]{1,3})(?![0-9０-９.．%％:：倍万亿元个])"
    ")"
)
#: the sectors of a structure of three industries: "三次产业结构为5.1:38.2:56.7"
_SECTORS: Final[tuple[str, ...]] = ("第一产业增加值比重", "第二产业增加值比重", "第三产业增加值比重")
#: pairs a name stands for in a list of two figures: "城乡居民人均可支配收入分别为…和…"
_PAIRS: Final[dict[str, tuple[str, str]]] = {"城乡": ("城镇", "农村"), "中西部": ("中部", "西部")}
#: the unit that the last item of a list spells out for all: "、3.8万、3.3万平方公里"
_LIST_UNIT: Final[re.Pattern[str]] = re.compile(
    rf"^(?:[、和及与]\s*{ARABIC}(?:{MULTIPLIER})?(?:余|多)?)*[、和及与]\s*{ARABIC}(?:{MULTIPLIER})?(?:余|多)?(?P<unit>{UNIT})"
)
#: what a count with no classifier counts: people ("8000多万农业转移人口", "贫困人口减少1240万") or households
_PEOPLE: Final[re.Pattern[str]] = re.compile(
    r"中国人|人口|人数|人员|人才|学生|群众|农民|职工|工人|儿童|老人|居民|贫困|员额|劳动力|毕业生|残疾人|就业|人次|游客|旅客"
    r"|群体|劳动者|党员|干部|志愿者|患者|纳税人|参保人|老年人|网民|农民工"
)
_HOUSEHOLDS: Final[re.Pattern[str]] = re.compile(r"用户|家庭|农户|住户|市场主体")

#: a paragraph: the text between line breaks ("“数”说三年成绩" is one, each bullet under it another)
_PARAGRAPH: Final[re.Pattern[str]] = re.compile(r"[^\n]+")
#: a sentence: up to and including its full stop: "国内生产总值达到114万亿元，增长8.1%。"; text that runs
#: on for more than 1500 characters without one (a table, a damaged file) is cut into pieces of that size,
#: which keeps the rules linear in the length of the text
_SENTENCE: Final[re.Pattern[str]] = re.compile(r"[^。！？!?]{1,1500}[。！？!?]*")
#: clause marks: "，" "；" "：" split "认定双创基地14家,省级示范基地2家;" in two; the enumeration mark
#: "、" joins the items of one clause ("分别增长7.1%、8.2%和8.3%")
_CLAUSE_MARK: Final[re.Pattern[str]] = re.compile(r"[，,；;]|[：:](?![0-9０-９])")

#: comparator words right before a number: "超过300天", "控制在4.5%", "达到20家", "近3000人"
_LEFT_COMPARATOR: Final[re.Pattern[str]] = re.compile(
    r"(?:不低于|不少于|至少|不超过|不高于|不多于|控制在|超过|突破|逾|高于|多于|大于|不到|不足|低于|少于|"
    r"约|近|接近|大约|将近|达到|达|不超|(?<![不赶])超)\s*$"  # "营业收入超10亿元", not "赶超"
)
_LEFT_COMPARATORS: Final[dict[str, Comparator]] = {
    "不低于": Comparator.GE,
    "不少于": Comparator.GE,
    "至少": Comparator.GE,
    "不超过": Comparator.LE,
    "不高于": Comparator.LE,
    "不多于": Comparator.LE,
    "控制在": Comparator.LE,
    "超过": Comparator.GT,
    "超": Comparator.GT,
    "不超": Comparator.LE,
    "突破": Comparator.GT,
    "逾": Comparator.GT,
    "高于": Comparator.GT,
    "多于": Comparator.GT,
    "大于": Comparator.GT,
    "不到": Comparator.LT,
    "不足": Comparator.LT,
    "低于": Comparator.LT,
    "少于": Comparator.LT,
    "约": Comparator.APPROX,
    "近": Comparator.APPROX,
    "接近": Comparator.APPROX,
    "大约": Comparator.APPROX,
    "将近": Comparator.APPROX,
}
#: comparator words right after a figure: "8.5%以上", "4.5%以内", "6%左右"
_RIGHT_COMPARATOR: Final[re.Pattern[str]] = re.compile(r"\s*(以上|以下|以内|之内|左右|上下)")
_RIGHT_COMPARATORS: Final[dict[str, Comparator]] = {
    "以上": Comparator.GE,
    "以下": Comparator.LE,
    "以内": Comparator.LE,
    "之内": Comparator.LE,
    "左右": Comparator.APPROX,
    "上下": Comparator.APPROX,
}

#: words before a number that make it an ordinal or a rank: "第六", "排名前10名"
_ORDINAL_BEFORE: Final[re.Pattern[str]] = re.compile(r"(?:第|前|后|倒数第|No\.?)\s*$")
#: a session of a congress or committee: "一届七次全体会议", "第二次代表大会"
_SESSION_AFTER: Final[re.Pattern[str]] = re.compile(r"^(?:全体)?(?:会议|全会|代表大会|党代会|全委会|常委会)")
#: a standard, not a figure: "实现200平方米达标", "达到III类标准"
_STANDARD_AFTER: Final[re.Pattern[str]] = re.compile(r"^(?:以上|以下)?(?:达标|标准)")
#: a rise before an age: "人均预期寿命提高1岁"
_RISE_BEFORE: Final[re.Pattern[str]] = re.compile(r"(?:提高|增加|延长|增长)(?:了)?$")
#: a schedule after hours: "24小时在线监控", "24小时不间断"
_SCHEDULE_AFTER: Final[re.Pattern[str]] = re.compile(r"^(?:在线|不间断|值班|营业|服务|畅通|响应|监控|运行)")
#: a figure that bounds a class of things: "年营业收入2000万元以上的工业企业"
_THRESHOLD_AFTER: Final[re.Pattern[str]] = re.compile(r"\s*及?(?:以上|以下)的")
_THRESHOLD_NOUN: Final[re.Pattern[str]] = re.compile(r"\s*(?:以上|以下)[\u4e00-\u9fff]")
#: a share opening its clause, of the things that follow and do something: "90%以上的政务服务实现网上可办"
_SHARE_OF_AFTER: Final[re.Pattern[str]] = re.compile(
    r"\s*(?:以上|以下)的[^，,。；;0-9]{2,12}?(?:实现|已|已经|达到|完成|通过|接入|开通|享受|纳入|覆盖)"
)
#: a count of the class right after it: "10亿元以上项目6个"
_COUNT_SOON: Final[re.Pattern[str]] = re.compile(r"^\s*(?:以上|以下)[^\d\W到至为缩压提降增减]{1,6}[0-9]")
#: the same bound written before the figure, then the class and its count: "培育营业收入超10亿元企业5家"
_OVER_BEFORE: Final[re.Pattern[str]] = re.compile(r"(?:超|超过|过)$")
_CLASS_COUNTED: Final[re.Pattern[str]] = re.compile(
    r"的?[\u4e00-\u9fff]{0,4}(?:企业|项目|工程|园区|集群|单位|主体|平台|基地|景区)(?:达到|达|有|为)?"
    r"[0-9一二两三四五六七八九十]+(?:多|余)?[个家项所座处]"
)
#: verbs after which a small count in words counts real things: "建成十个文化广场", "新设六个自贸试验区"
_BUILT: Final[re.Pattern[str]] = re.compile(
    r"(?:建成|新建|建设|新增|完成|培育|引进|打造|认定|创建|获评|举办|召开|设立|新设|成立|开通|落地|签约)$"
)
#: an action counted in words: "两次下调存款准备金率", "三次降息" (not "三次产业", "两次会议")
_ACTION_AFTER: Final[re.Pattern[str]] = re.compile(
    r"^(?:下调|上调|降低|提高|降准|降息|调整|延长|扩大|发放|发行|召开|开展|组织|举办|实施|出台|推出)"
)
#: the denominator of a rank: "在全省117个县区中排名第六"
_RANK_AFTER: Final[re.Pattern[str]] = re.compile(r"中?(?:排名|排第|排在|位列|位居|名列|居第)")
#: the same a few characters on: "117个县区中排名第六", "100强企业中位列"
_RANK_WITHIN: Final[re.Pattern[str]] = re.compile(r"^[^，,；;。]{0,8}中(?:排名|排第|排在|位列|位居|名列|居第)")
#: opening quotes: a count right before one names a programme ("9个“聚焦”")
_OPEN_QUOTE = '“"「『《'
_CLOSE_QUOTE = '”"」』》'

#: target cues in a sentence: "确保到2025年…达到", "力争", "主要预期目标是", "计划到2025年"
_TARGET_CUE: Final[re.Pattern[str]] = re.compile(
    r"确保|力争|争取|预期(?!寿命)|预计|目标|计划到|规划到|将达到|将实现|要达到|努力实现|力求|奋斗目标|拟(?:按|安排|将|新增|发行|实现|提高)"
    # "今年全区将实施重点项目150个，年度计划投资280亿元": what will be done, and a plan's amount
    r"|将(?=实施|建设|新建|开工|安排|新增|启动|举办|投入|开展|打造|培育|引进)|计划(?=投资|完成|实施|新建|开工|安排|新增)"
)
#: a goal that is the ground of what follows: "在提前完成…三分之一目标的基础上，去年又取消165项"
_CUE_BASIS: Final[re.Pattern[str]] = re.compile(
    r"(?:任务)?的基础上|(?:任务)?(?:已经|已|都|均)?(?:顺利|如期|全面|基本|超额|提前)?(?:实现|完成|达成)"
)
#: a figure that is itself the target it names: "低于13%左右的预期目标"
_IS_TARGET_AFTER: Final[re.Pattern[str]] = re.compile(r"^(?:的)?(?:预期|年度|奋斗)?目标")
#: a name that is only the word for a target
_TARGET_WORD: Final[re.Pattern[str]] = re.compile(r"(?:预期|年度|奋斗)?(?:经济)?(?:增长)?(?:预期)?目标")
#: a name that says only that a target was set: "今年预期目标设定为6%以上" (the subject was named before)
_TARGET_NAME: Final[re.Pattern[str]] = re.compile(
    r"(?:主要|年度|奋斗)?(?:预期)?(?:经济)?(?:增长)?(?:预期)?目标(?:设定|设为|定为|确定|是|设|定)?"
)
#: a growth target after its rate: "5.5%—6%的预期增长目标", "增长5%左右的预期目标" (of the region's output)
_GROWTH_TARGET_AFTER: Final[re.Pattern[str]] = re.compile(r"^的?(?:年度|预期)?(?:经济)?增长(?:预期)?目标")
#: the plan a figure was set by, before it: "超过原定的近2万亿元规模", "比原计划"
_ORIGINAL_PLAN: Final[re.Pattern[str]] = re.compile(r"(?:原定|原计划|原预期|预定)的?$")
#: a rate or level, the noun it is of, and the change it starts: "现行16%的税率降至13%"
_OF_NOUN_TO: Final[re.Pattern[str]] = re.compile(
    r"的(?P<noun>[^，,。；;、0-9的]{1,10}?)(?:由|从)?(?:降至|降到|降低到|降低至|下调至|下调到|下降到|下降至|提高到|提高至|上调至|上调到|"
    r"调整为|调整到|调整至|增加到|增加至|提升到|提升至|扩大到|扩大至|缩小到|缩小至)"
)
#: a halving that names a relief: "减半征收所得税优惠", "减半征收政策"
_HALVE_NOT: Final[re.Pattern[str]] = re.compile(r"优惠|政策")
#: the name of a ratio printed without a unit: "城乡居民收入比为2.05"
_RATIO_NAME: Final[re.Pattern[str]] = re.compile(r"收入比")
#: words that name the growth of the economy before a bare target: "经济增速是综合性指标，今年预期目标设定为6%以上"
_ECONOMY_BEFORE: Final[re.Pattern[str]] = re.compile(r"经济增速|经济增长速度|经济增长预期|GDP增速")
#: a state of things said to hold now, among goals: "目前已有", "现有", "拥有14亿人口"
_FACT_BEFORE: Final[re.Pattern[str]] = re.compile(
    r"(?:目前|当前|现有|已有|已经|已达|已超|已突破|拥有)[^，,；;。要将力确争]{0,8}$"
)
#: a target named after its figure that the clause says was met: "实现高职院校扩招100万人目标"
_REACHED_BEFORE: Final[re.Pattern[str]] = re.compile(r"实现|完成|达成|超额|提前")
#: a goal already reached is a review: "圆满完成年度目标任务，地区生产总值增长6%", "增速好于预期"
_CUE_REACHED: Final[re.Pattern[str]] = re.compile(
    r"(?:完成|实现|超额|好于|超出|超过|高于|低于|符合|达到)[^，,。；;：:]{0,6}$"
)
#: heading words: a section of results ("“十三五”成绩单") or of goals ("今年经济工作重点")
_HEADING_ACTUAL: Final[re.Pattern[str]] = re.compile(r"成绩|成就|成效|回顾|成果|年来|以来|执行情况|完成情况")
_HEADING_TARGET: Final[re.Pattern[str]] = re.compile(r"目标|任务|要求|重点|安排|打算|计划|展望|规划|草案")
#: a plan's imperative headings: "全面实施“双百工程”", "加快建设“四区”" (a headline has a subject: "某区实施…");
#: within a section that already says its modality (a review's "（三）聚焦重点领域…") they say nothing
_HEADING_IMPERATIVE: Final[re.Pattern[str]] = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|——)?"
    r"(?:全面|加快|深入|大力|持续|扎实|着力|坚持|推动|推进|聚焦|打造|强化|提升|优化|实施|建设)"
)
#: a dateline or byline between a title and the text: "——2017年3月5日在…会议上", "2024年2月29日"
_DATELINE: Final[re.Pattern[str]] = re.compile(
    r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号]$|会议上$|^——.*[日号]|电$"
    r"|^(?:本报|新华社|本台)?(?:记者|通讯员)[ \u3000]"
)
#: what may stand before the time that opens a paragraph: "过去五年", "——今年", "（一）2022年"
_LEAD: Final[re.Pattern[str]] = re.compile(
    r"^\s*(?:——|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)?(?:回顾|回首|纵观|总结)?[“\"「『]?$"
)
#: what stands before the year of one end of a change: "由2016年的…", "增加到2021年的…"
_ENDPOINT_BEFORE: Final[re.Pattern[str]] = re.compile(r"(?:由|从|到|至)$")
#: an address to the audience, a sentence of its own: "各位代表！", "同志们："
_ADDRESS: Final[re.Pattern[str]] = re.compile(r"(?:各位代表|各位委员|同志们|各位来宾)[！!：:，,]?")
#: what may stand before a time that opens a sentence: "2023年，" "在2023年" "今年以来" "到2025年"
_LEAD_TIME: Final[re.Pattern[str]] = re.compile(
    r"^\s*(?:——)?(?:[一二三四五六七八九十]是)?(?:在|到|至|截至|截止|于|从|自)?$"
)
_CLAUSE_BREAK: Final[re.Pattern[str]] = re.compile(r"[，,；;：:]")
_LEAD_KINDS: Final[frozenset[TimeKind]] = frozenset({TimeKind.SPAN, TimeKind.RELATIVE, TimeKind.YEAR})
#: words that put a figure in one year: "全年粮食产量…", "年末…" (not the whole span of a five-year review)
_ONE_YEAR: Final[re.Pattern[str]] = re.compile(r"全年|年末|年底|当年")
#: a top-level numbered heading ("一、2016年工作回顾"), above the sub-headings "（一）" and "1."
_TOP_LEVEL: Final[re.Pattern[str]] = re.compile(r"^[一二三四五六七八九十]+、")
#: words that name goals outright, even in a sub-heading: "（二）主要预期目标"
_HEADING_GOALS: Final[re.Pattern[str]] = re.compile(r"目标|任务|计划|打算|展望")
#: a report's numbered heading of what is to be done: "二、2017年工作总体部署", "三、对2018年政府工作的建议"
_REPORT_TARGET: Final[re.Pattern[str]] = re.compile(r"部署|建议|取向|思路")
#: a heading: a short line with no closing punctuation ("“数”说三年成绩", "加快建设“四区”")
_HEADING: Final[re.Pattern[str]] = re.compile(r"^(?![-*] )[^。！？!?；;：:，,]{2,40}$")

#: a numbered heading: "一、综合", "（二）坚持创新驱动", "3. 投资"
_NUMBERED: Final[re.Pattern[str]] = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[0-9]+[、.．]|[（(][一二三四五六七八九十0-9]+[）)])"
)
#: words before an indicator that are not part of its name: "全年", "其中", "全区", "累计", "初步核算", and
#: the 末 of "2020年末" once the year is cut out
_LEAD_FILLER: Final[re.Pattern[str]] = re.compile(
    r"^(?:[一二三四五六七八九十]是|多年来|近年来|长期以来|以来|上述|其中|同时|此外|另外|全年|年末|年底|年初|末|底|累计|共计|总计|合计|共(?![建享同赢治])|全区|全县|全市|全省|全国|全乡|全镇|"
    # qualifiers of a rate, not names: "同口径增长6.1%", "按可比价格计算增长5%", "扣除价格因素实际增长4%"
    r"同口径|可比口径|按可比口径|按可比价格计算|按可比价计算|按不变价格计算|按现价计算|扣除价格因素后?|剔除价格因素后?|"
    r"我国|我区|我县|我市|我省|本区|本县|本市|据悉|据统计|经初步核算|初步核算|本次|已经|已|均(?![衡等匀值])|实现了|实现|"
    r"完成了|完成|拥有|有(?![效关序机色线害偿])|转为|转而|为|从|由|对|将|要|确保|力争|争取|预计|预期|全面|新增了|通过|其|该|到|至|现行|拟安排|拟发行|发行|提出|设定|确定|我们还|我们又|我们|"
    r"连续(?:[一二三四五六七八九十0-9]{1,2}|多)年|)+"
)
#: filler inside an indicator name: "减免各类税费" -> "减免税费"
_INNER_FILLER: Final[re.Pattern[str]] = re.compile(
    # and a note in brackets: "地区生产总值（GDP）", "固定资产投资（不含农户）"
    r"各级|各类|各项|各种|全年|累计|共计|每年|始终|已经|[\s]|[（(][^（()）]{0,12}[）)]?$"
    # a verb between a subject and what it achieved: "规上工业企业实现产值428亿元" -> 规上工业企业产值
    r"|(?<=[\u4e00-\u9fff]{2})(?:实现|完成)(?=[\u4e00-\u9fff]{2})"
)
#: words after an indicator and before its number: "城镇登记失业率始终控制在", "二级以上优良天气每年保持在"
_TAIL_FILLER: Final[re.Pattern[str]] = re.compile(
    r"(?:的|了|是|为|达到|达|有|在|保持在|稳定在|控制在|维持在|超过|不超|超|突破|逾|高于|低于|不低于|不少于|不超过|"
    r"不高于|不到|不足|至少|约|近|接近|大约|将近|实现|完成|累计|共计|共|合计|总计|分别|始终|每年|全年|已经|已|"
    r"均|都|仍|再|稳步|从|由|要|将|应|须|需|力争|拟按|拟安排|拟|按|平均|年均|可以|可|现行|首次|再次|首度|"
    r"同口径|按可比口径|可比口径|按可比价格计算|按可比价计算|扣除价格因素后?|剔除价格因素后?|名义|实际|\s)+$"
)
#: the last characters the words of :data:`_TAIL_FILLER` end with: a name ending otherwise has none to cut
_TAIL_LAST: Final[frozenset[str]] = frozenset(
    word[-1] for word in re.sub(r"\\s|[?()+$:]", "", _TAIL_FILLER.pattern).split("|") if word
) | frozenset("素")  # and the 素 of 扣除价格因素 without its optional 后 (spaces are checked apart)
#: a change up to a level: "增加到2020年的428.2亿元" is a level
_CHANGE_TO: Final[re.Pattern[str]] = re.compile(
    r"(?:(?:增加|提高|提升|增长|下降|降低|减少|上升|扩大|缩小|压缩|缩短|收窄|回落|回升|下调|上调|压降|增|降|升|提)(?:到|至)"
    r"|调整为|调整到|变为|降为|升为"
    r"|(?:缩短|缩小|压缩|提高|减少|降低|下降)为)"
    # "提高到每月5000元": the amount per person or month is the level's own
    r"(?:每人每月|每人每年|每月|每年|每人|人均)?$"
)
#: a rate of change: "比上年增长", "年均增长率", "同比下降", "两年平均增长"
_GROWTH: Final[re.Pattern[str]] = re.compile(
    r"(?P<cmp>(?:比|较|同比|环比|与)(?:上年|去年|上年末|上年底|去年底|去年末|年初|上年同期|去年同期|上一年|同期)?(?:相比)?)?"
    r"(?P<avg>年均|年平均|平均每年|(?P<navg>[两二三四五六七八九十0-9]{1,2})年平均)?"
    r"(?:名义|实际)?"
    r"(?P<verb>增长率|增速|增幅|涨幅|降幅|增长|下降|上涨|上升|提高|提升|减少|降低|回落|增加|下滑|扩大|缩小|多增|少增|新增|"
    r"缩减|压减|削减|压缩|减轻|缩短|增产|减产|净增|净减|减负|再降|又降|再减|再增|下调|上调)率?$"
)
#: change words that name a rate with 率 after them ("增长率"); others with 率 are the noun of a level ("压减率")
_RATE_NOUNS: Final[frozenset[str]] = frozenset(
    {"增长率", "增速", "增幅", "涨幅", "降幅", "增长", "下降", "上涨", "上升"}
)
_FALLING: Final[frozenset[str]] = frozenset(
    {
        "减负",
        "再降",
        "又降",
        "再减",
        "降幅",
        "下降",
        "减少",
        "降低",
        "回落",
        "下滑",
        "缩小",
        "少增",
        "缩减",
        "压减",
        "削减",
        "压缩",
        "减轻",
        "缩短",
        "减产",
        "净减",
        "下调",
    }
)
#: a verb of change before what it changes: "降低企业税负5700多亿元", "退出钢铁产能超过6500万吨",
#: "取消或停征中央涉企行政事业性收费35项", "再减少农村贫困人口1000万以上"
_LEADING_CHANGE: Final[re.Pattern[str]] = re.compile(
    r"^(?:再|又|继续|进一步|累计|共)?(?P<verb>净增加|净增|净减少|净减|降低|减少|减轻|压减|削减|缩减|裁减|压缩|精简|退出|淘汰|取消|化解|"
    r"增加|提高|提升|扩大|增产|减产|下调|上调)(?![到至为])(?:[、和或及]?(?:停征|停建|缓建|取消|下放|淘汰|关停|减少|降低|压减))*"
)
#: a rate before the change it measures: "不低于5%的幅度压减一般性支出"
_BY_RATE: Final[re.Pattern[str]] = re.compile(
    r"^的?(?:幅度|比例|速度)(?P<verb>压减|削减|降低|减少|压缩|缩减|提高|增加|下降|增长|扩大)(?P<object>[^，,。；;、]{2,14})"
)
#: the same verb after its subject: "市场主体减轻非税负担3000多亿元", "基本完成裁减军队员额30万"
_INNER_CHANGE: Final[re.Pattern[str]] = re.compile(
    r"(?<=[\u4e00-\u9fff])(?P<verb>降低|减少|减轻|压减|削减|缩减|裁减|压缩|精简|退出|淘汰|化解)(?![到至率])(?=[\u4e00-\u9fff]{2})"
)
_LEADING_FALLING: Final[frozenset[str]] = frozenset(
    {
        "降低",
        "减少",
        "减轻",
        "压减",
        "削减",
        "缩减",
        "裁减",
        "压缩",
        "精简",
        "退出",
        "淘汰",
        "取消",
        "化解",
        "减产",
        "下调",
        "净减少",
        "净减",
    }
)
#: what stands between a base's year and the base: "由2020年的256.7亿元"
_BASE_GAP: Final[re.Pattern[str]] = re.compile(r"^(?:的)?\s*$")
#: ... or a change verb: "由上年下降2.3%"
_BASE_VERB_GAP: Final[re.Pattern[str]] = re.compile(r"^(?:的)?[^，,。；;0-9]{1,4}$")
#: a count of new things, before their total: "新增高新技术企业15家，总数达到78家"
_NEW: Final[re.Pattern[str]] = re.compile(r"^(?:新增|净增|增加)(?=..)")
_TOTALS: Final[frozenset[str]] = frozenset({"总数", "总量", "总计", "合计", "累计", "总共", "共计"})
#: a total with no name of its own: "累计达到35家", "总数达78家"
_TOTAL_LEFT: Final[re.Pattern[str]] = re.compile(
    r"(?:累计|总数|总量|共计|合计|总计|总共|共)(?:达到|达|为|有|增至|增加到)?"
)
#: 新增 before a verb of change makes the two a noun: "新增减负", "新增减税降费"
_NAMED_AMOUNT: Final[re.Pattern[str]] = re.compile(r"新增$")
#: a comparison with another figure: "比去年预算低0.4个百分点", "比全市高0.8个百分点", "比去年多100万人"
_COMPARED: Final[re.Pattern[str]] = re.compile(
    r"(?:比|较)[^，,；;。、]{1,12}?(?P<verb>高出|高|低|多|少|快|慢|加快|放缓|回升|增加|减少|提高|提升|下降|回落|上升|"
    r"增长|扩大|缩小|收窄)了?$"
    # the comparative first: "餐饮收入增速快于商品零售4.6个百分点", "低于全省平均水平0.3个百分点"
    r"|(?P<verb2>快于|慢于|高于|低于|多于|少于)[^，,；;。、]{1,12}$"
    # above last year or another region: "务工就业3.12万人，超过上年规模500人"
    r"|(?P<verb4>超过|超出)(?:上年|去年|上年同期|去年同期|全省|全市|全国|全区|全县)[^，,；;。、的0-9]{0,6}$"
    # above a plan: "完成投资98.5亿元，超年度计划12.4个百分点", "超序时进度8个百分点"
    r"|(?P<verb3>超|超出|超过)(?:年度|全年|年初)?(?:计划|目标|目标任务|序时进度)$"
)
#: a rate per day or month, a level however it grows: "企业数量日均净增1万户以上"
_PER_DAY: Final[re.Pattern[str]] = re.compile(r"(?:日均|月均|每日|每天|平均每天)$")
_COMPARED_FALLING: Final[frozenset[str]] = frozenset({"低", "少", "慢", "放缓", "减少", "下降", "回落", "缩小", "收窄"})
#: the same with a few words between ("起征点从月销售额10万元提高到15万元"), when a change-to follows the figure
_FROM_WIDE: Final[re.Pattern[str]] = re.compile(r"(?:从|由)[^，,。；;0-9]{1,6}$")
_TO_AFTER: Final[re.Pattern[str]] = re.compile(
    r"^[^，,。；;0-9]{0,4}?(?:增加|提高|提升|增长|下降|降低|减少|上升|扩大|缩小|压缩|缩短|调整|降|升|增|减|转)(?:到|至|为)"
)
#: the base of a change written before its end: "由420元提高到450元", "从54万亿元增加到82.7万亿元"
_FROM: Final[re.Pattern[str]] = re.compile(
    r"(?:从|由)(?:每人|人均|每年|每月|每户|上年的?|去年的?|过去的?|现行的?|[0-9]{4}年(?:底|末|初)?的?)*\s*$"
)

#: verbs that end the noun after a classifier: "120座公共空间投入使用", "1196名网格员充实到基层一线"
_NOUN_END_VERB: Final[re.Pattern[str]] = re.compile(
    r"投入|实现|充实|达到|完成|参加|参与|通过|进行|获得|开展|被|已|全部|得到|受到|入户|纳入|列入|"
    r"集中|划入|开工|竣工|建成|提供|覆盖|享受|接受|来自|分布|位于|落户|签约|正在|成为|摆脱|可以|能够|将|[^\u4e00-\u9fff、]"
)
#: verbs that set up the scheme a verb-only clause after it speaks of: "建立…制度，惠及…"
_SETTING_UP: Final[re.Pattern[str]] = re.compile(r"^(?:建立|建成|实施|推行|开展|启动|出台|设立)")
#: conjunctions that end it too: "100项牵引性工程、培树…", "100家示范党组织和大批…"
_NOUN_END_CONJ: Final[re.Pattern[str]] = re.compile(r"和|及|与|、|或")
#: verbs that, alone before a count, say what was done to the things counted: "完成127个老旧小区…"
_VERB_ONLY: Final[re.Pattern[str]] = re.compile(
    r"^(?:建设|建成|新建|完成|实施|引进|培育|培树|打造|新增|开展|举办|组织|培训|认定|创建|抽调|接收|走进|"
    r"帮助|救助|解决|派出|投入|实现|改造|整治|打掉|破获|征收|提供|设立|成立|开设|推出|建立|发放|资助|"
    r"签约|落地|引导|带动|吸纳|安置|覆盖|惠及|服务|陆续走进|严守|守住|坚守|我市|我区|我县)?$"
)
#: verbs of giving at the end of a name: the money is what follows ("中央财政安排1000亿元专项奖补资金")
_GIVING: Final[re.Pattern[str]] = re.compile(r"(?:安排|下达|拨付|投放|发放|筹集|发行|预留|设立)$")
#: 均 before one figure for several names: "…均为12%左右", "均达50%以上", "均增长"
_BOTH: Final[re.Pattern[str]] = re.compile(
    r"(?:预期)?(?:增长|提高|下降)?均(?:为|达到?|超过|在|增长|提高|下降|保持在?)?\s*$"
)
#: a list summed up by a count: "…三大主导产业", "…等四个行业" (one thing, not several)
_APPOSITION: Final[re.Pattern[str]] = re.compile(r"等|[两二三四五六七八九十](?:大|个|类|项|种|条)")
#: the head noun that the items of a list share when only the last one spells it out
_SHARED_HEAD: Final[re.Pattern[str]] = re.compile(
    r"(?:增加值|收入|支出|产量|总额|投资|人口|人数|面积|价格|产值|营业收入|利润|余额|贷款|存款|排放量|消费量|比重|"
    r"比例|覆盖率|普及率)$"
)
#: what may stand between the items of a list: "、", "和", "及"
_LIST_GAP: Final[re.Pattern[str]] = re.compile(r"^[、和及与\s]*$")
#: names that only make sense after the indicator before them: "…，占比72.5%", "…，增速…"
_RELATIVE_NAMES: Final[frozenset[str]] = frozenset({"占比", "比重", "占比重", "所占比重"})
#: names of a rate of change alone: the change of the indicator named before
_GROWTH_NAMES: Final[frozenset[str]] = frozenset({"增速", "增幅", "增长速度", "涨幅", "降幅"})
#: names of the size of a change alone: "继续提高退休人员基本养老金，提高幅度为4%左右"
_CHANGE_SIZE_NAMES: Final[frozenset[str]] = frozenset(
    {"幅度", "提高幅度", "上调幅度", "调整幅度", "增长幅度", "提升幅度"}
)
#: a raise in the clause before, whose object the size of the change is of
_RAISE: Final[re.Pattern[str]] = re.compile(
    r"^(?:继续|再|适当|同步|稳步)*(?:提高|上调|提升|增加|调整)(?P<object>[^，,；;。]{2,30})$"
)
#: names of the whole of the indicator before: "转移支付增加约1.5万亿元、规模近9.8万亿元"
_LEVEL_NOUNS: Final[frozenset[str]] = frozenset({"规模", "总规模", "总量", "总额", "余额"})
#: names that mean the growth of the region's output: "经济增长5.2%", "经济增速预期目标6%", "6.5%左右的增速"
_ECONOMY_GROWTH: Final[re.Pattern[str]] = re.compile(
    r"经济(?:增长|增速|增长速度|增长率)?(?:预期目标|目标)?|(?:增速|经济增速)(?:预期目标|目标)?"
)
#: a region prefix of a name: "全区地区生产总值", "我国粮食产量", "本县一般公共预算收入"
_GENERIC_REGION: Final[re.Pattern[str]] = re.compile(r"^(?:全|我|本)(?:国|省|市|区|县|镇|乡)")
#: a national figure when no region is given: "全国财政收入突破20万亿元", "国内生产总值达到114万亿元"
_NATION: Final[re.Pattern[str]] = re.compile(r"全国|我国|国内生产总值")


@dataclass(frozen=True, slots=True)
class _Context:
    """What a section heading says about the figures below it."""

    time: TimeRef | None = None
    modality: Modality | None = None


def extract_statements(
    text: str, *, doc: str = "", doc_year: int | None = None, region: str | None = None
) -> list[Statement]:
    """Every figure in ``text`` as a :class:`Statement`, in the order of the text.

    ``doc`` names the document in each record; ``doc_year`` resolves 今年/去年/五年来 and dates without
    a year; ``region`` is the region the document is about (a 全国/我国 figure gets "全国").
    Offsets are into ``text`` exactly as given, whatever the repair of OCR line breaks did.
    """
    page = Page.repair(text)
    repaired = page.text
    document = read_document(repaired, doc_year)
    if document.kind is DocumentKind.COMMUNIQUE and document.time is not None:
        doc_year = document.time.year  # a communiqué's 上年 and 今年 are its reporting year's
    statements: list[Statement] = []
    section = _Context(document.time)
    for para in _PARAGRAPH.finditer(repaired):
        ptext = para.group()
        stripped = ptext.strip()
        if not stripped:
            continue
        if _HEADING.match(stripped) and not _has_figure(stripped):
            if not _DATELINE.search(stripped):
                section = _heading_context(stripped, document, section)
            continue
        para_time: TimeRef | None = None
        para_last: Statement | None = None
        opening = True  # no sentence but an address ("各位代表！") before this one in the paragraph
        for sent in _SENTENCE.finditer(ptext):
            stext = sent.group()
            first, opening = opening, opening and _ADDRESS.fullmatch(stext.strip()) is not None
            offset = para.start() + sent.start()
            refs = _from_context_year(
                stext, [r for r in find_periods(stext, doc_year) if r.kind is not TimeKind.COMPARISON], section
            )
            if first and refs and _LEAD.match(stext[: refs[0].start]) and refs[0].kind in _LEAD_KINDS:
                # "过去五年，…" / "今年，…" opening a paragraph opens a part of the section: the paragraphs
                # after it ("（一）…", "——…") are about that time too, until the next heading
                section = _Context(refs[0], section.modality)
            found: list[Statement] = []
            maybe_figure = _QUANTITY.search(stext) is not None
            if maybe_figure:
                found = _sentence_statements(
                    stext, offset, refs, para_time, section, para_last, doc, document, region, page
                )
                if found:
                    para_last = found[-1]
                statements.extend(found)
            if not refs:
                continue
            # a month said in passing ("9月当月增长9.1%") does not date the sentences after it
            lasting = [r for r in refs if not r.named and not (r.sub or "").startswith("M")]
            # a due date inside a clause ("…，力争到“十四五”末突破370亿元。") is that goal's, not the next
            # sentences' ("一般公共预算收入增长5.5%—6%的目标" is for this year); one opening it dates them
            # and so does a span of years said of one figure ("十年增加近70万亿元")
            lasting = [
                r
                for r in lasting
                if not (r.kind is TimeKind.SPAN and _is_ago(stext, r))
                # the ends of a change ("由2016年的156亿元增加到2021年的232亿元") date those figures only
                and not (r.kind is TimeKind.YEAR and _ENDPOINT_BEFORE.search(stext[max(0, r.start - 4) : r.start]))
                and (not r.target or _LEAD_TIME.match(_CLAUSE_BREAK.split(stext[: r.start])[-1]))
            ]
            if not found and not (maybe_figure and _has_figure(stext)):
                # a sentence without a figure dates the next ones only by a time opening a clause ("2023年，…",
                # "…进程,3月17日上午,…");
                # a year inside its phrase names a thing ("落实2030年应对气候变化…目标。…分别降低13.5%、18%")
                lasting = [r for r in lasting if _LEAD_TIME.match(_CLAUSE_BREAK.split(stext[: r.start])[-1])]
            if lasting and sum(r.kind is TimeKind.SUB_YEAR for r in lasting) < 2:
                # a breakdown ("一季度增长5.1%，二季度增长5.8%") does not date the sentences after it
                para_time = lasting[-1]
    return statements


def _is_ago(stext: str, ref: TimeRef) -> bool:
    """Whether ``ref`` counts years back for the figure right after it ("十年增加近70万亿元"), not for the
    sentences after it ("五年来，…", "过去三年，…")."""
    said = stext[ref.start : ref.end]
    return (
        "年" in said
        and said != "今明两年"
        and not any(c.isdigit() for c in said)
        and not said.endswith(("来", "里", "间"))
        and stext[ref.end : ref.end + 1] not in ("，", ",", "；", ";", "：", ":", "")
    )


def _from_context_year(stext: str, refs: list[TimeRef], section: _Context) -> list[TimeRef]:
    """上年 is the year before the year spoken of, 去年 the year before the speaker's: in a work report of 2017
    reviewing 2016, "工业企业利润由上年下降2.3%" is for 2015."""
    year = section.time.year if section.time is not None else None
    if year is None:
        return refs
    return [
        replace(r, year=year - 1)
        if r.kind is TimeKind.RELATIVE and stext[r.start : r.end] in ("上年", "上一年") and r.year != year - 1
        else r
        for r in refs
    ]


def _has_figure(line: str) -> bool:
    return any(_is_figure(line, m, line[m.end() :]) for m in _QUANTITY.finditer(line))


def _heading_context(heading: str, document: Document, above: _Context) -> _Context:
    """The context a heading sets. A numbered heading ("一、综合", "（二）") divides the document above it
    and keeps that section's time and modality unless it names its own; any other heading (a headline on
    a newspaper page) starts afresh from the document's own period.

    A work report's review heading without a year ("一、过去一年工作回顾" is resolved by its words, "工作回顾"
    is not) reviews the year before the report; its headings of goals and tasks are for the report's year.
    """
    doc_year = document.doc_year
    refs = [r for r in find_periods(heading, doc_year) if r.kind is not TimeKind.COMPARISON]
    inside = _NUMBERED.match(heading) is not None and not _TOP_LEVEL.match(heading)
    modality = None
    if _HEADING_ACTUAL.search(heading):
        modality = Modality.ACTUAL
    elif inside and above.modality is not None:
        # a sub-heading of a section that says its modality ("（三）聚焦重点领域…" in a review) changes it
        # only by naming goals outright
        modality = Modality.TARGET if _HEADING_GOALS.search(heading) else None
    elif (
        _HEADING_TARGET.search(heading)
        or (_NUMBERED.match(heading) and _REPORT_TARGET.search(heading))
        or _HEADING_IMPERATIVE.search(heading)
    ):
        modality = Modality.TARGET
    time = refs[-1] if refs else None
    if time is not None and time.kind is TimeKind.SUB_YEAR and time.year is None:
        base = above.time or document.time
        time = replace(time, year=base.year if base is not None else doc_year)
    if (
        time is None
        and document.kind is DocumentKind.WORK_REPORT
        and doc_year is not None
        and _TOP_LEVEL.match(heading)
    ):
        if modality is Modality.ACTUAL:
            time = TimeRef(0, 0, TimeKind.YEAR, document.review_year)
        elif modality is Modality.TARGET:
            time = TimeRef(0, 0, TimeKind.YEAR, document.target_year)
    if _NUMBERED.match(heading) or document.kind is not DocumentKind.NEWS:
        # one document's parts: a report's sub-heading keeps its section's time unless it names its own
        return _Context(time or above.time, modality or above.modality)
    return _Context(time or document.time, modality)


@dataclass(slots=True)
class _Figure:
    """A figure found in a sentence, before the sentence-level rules (分别, inheritance) are applied."""

    start: int  # sentence-local span of the evidence
    end: int
    clause: int  # index of the clause in the sentence
    value: float
    unit: str
    comparator: Comparator
    reached: bool  # "达到" before the number: >= for a target
    indicator: str
    measure: Measure
    annualized: bool
    average_years: int | None
    fresh_indicator: bool  # named here rather than to be inherited
    after_time: bool = False  # only a time before it in its clause: "一季度增长3.2%，二季度4.1%"
    cumulative: bool = False  # only a word for a total before it: "累计达到35家"
    year: int | None = None  # set by a list of years: "2021年、2022年分别增长5%和6%"
    base: bool = False  # the level a change starts from: "由420元提高到450元"
    reached_by_change: bool = False  # the level a change ends at: "…提高到450元"
    names_target: bool = False  # followed by the word for a target: "13%左右的预期目标"
    stated_fact: bool = False  # said to be so now: "目前已有…", "拥有14亿人口"
    present: bool = False  # a stock of the document's present, whatever the section: "14亿人口", "上亿市场主体"


def _sentence_statements(
    stext: str,
    offset: int,
    refs: list[TimeRef],
    para_time: TimeRef | None,
    section: _Context,
    para_last: Statement | None,
    doc: str,
    document: Document,
    region: str | None,
    page: Page,
) -> list[Statement]:
    doc_year = document.doc_year
    clause_starts = [0] + [m.end() for m in _CLAUSE_MARK.finditer(stext)]
    figures: list[_Figure] = []
    previous_end = 0
    previous_clause = -1
    for m in _QUANTITY.finditer(stext):
        clause = _clause_index(clause_starts, m.start())
        clause_start = clause_starts[clause]
        clause_end = clause_starts[clause + 1] - 1 if clause + 1 < len(clause_starts) else len(stext)
        left_from = previous_end if clause == previous_clause else clause_start
        left = _without_times(stext, max(left_from, clause_start), m.start(), refs)
        right = stext[m.end() : clause_end]
        if not _is_figure(stext, m, right):
            continue
        found = _figures(stext, m, clause, left, right, region)
        if _TOTAL_LEFT.fullmatch(left.strip()):
            for fig in found:
                fig.cumulative = True
        if not left.strip(" ，,、；;") and any(clause_start <= r.start < m.start() for r in refs):
            for fig in found:
                fig.after_time = True
        if (
            found
            and figures
            and figures[-1].clause == clause
            and left.lstrip().startswith("、")
            and not (left.strip()[1:] and _VERB_ONLY.match(left.strip()[1:]))  # "增加1.4亿、覆盖10.5亿人"
        ):
            _continue_change(figures[-1], found)
        figures.extend(found)
        previous_end = max([m.end(), *(f.end for f in found)])
        previous_clause = clause
    _apply_lists(stext, clause_starts, figures, refs)
    for before_fig, fig in itertools.pairwise(figures):
        if (
            before_fig.base
            and fig.reached_by_change
            and before_fig.clause == fig.clause
            and before_fig.indicator
            and before_fig.unit == fig.unit
            and _OF_NOUN_TO.match(stext, before_fig.end)
        ):
            fig.indicator = before_fig.indicator  # "…现行16%的税率降至13%": the same 税率 at its new level
    for before_fig, fig in itertools.pairwise(figures):
        if (
            fig.after_time
            and not fig.indicator
            and before_fig.measure is Measure.GROWTH
            and fig.measure is Measure.LEVEL
            and fig.unit == before_fig.unit
            and fig.unit in RATE_UNITS
        ):
            fig.measure = Measure.GROWTH  # "一季度增长3.2%，二季度4.1%": the same rate, for another period
    cue_positions = [
        m.start()
        for m in _TARGET_CUE.finditer(stext)
        if not _CUE_REACHED.search(stext[max(0, m.start() - 8) : m.start()]) and not _CUE_BASIS.match(stext, m.end())
    ]
    estimates = frozenset(p for p in cue_positions if stext.startswith(("预计", "争取"), p))
    # the year of a base ("由2020年的256.7亿元增加到…") dates the base, not the figures after it
    # ("由上年下降2.3%转为增长8.5%": 上年 is the base's year, not the year of the 8.5%)
    base_refs = [
        r
        for r in refs
        for f in figures
        if f.base
        and r.end <= f.start
        and (
            _BASE_GAP.match(stext[r.end : f.start])
            or (stext[r.start - 1 : r.start] in ("由", "从") and _BASE_VERB_GAP.match(stext[r.end : f.start]))
        )
    ]
    out: list[Statement] = []
    last_indicator = para_last.indicator if para_last is not None else ""
    last_measure = para_last.measure if para_last is not None else None
    _new_and_total(figures)
    for fig in figures:
        if (
            fig.unit == "人"
            and fig.value >= 1e8
            and fig.measure is Measure.LEVEL
            and not fig.reached_by_change
            and not fig.base
            and not any(p < fig.start for p in cue_positions)
        ):
            fig.stated_fact = True  # "全国近3亿人领取养老金" among the year's tasks: a stock, not a goal
        indicator = fig.indicator or last_indicator
        if fig.indicator in _CHANGE_SIZE_NAMES and fig.unit in RATE_UNITS:
            # "继续提高退休人员基本养老金…，提高幅度为4%左右": a change of what the clause before raises
            raised = _RAISE.match(_previous_clause(stext, clause_starts, fig.clause))
            indicator = _strip(raised["object"], region) if raised else last_indicator
            fig.measure = Measure.GROWTH
        elif last_indicator and fig.indicator in _LEVEL_NOUNS:
            indicator = last_indicator  # "中央对地方转移支付增加约1.5万亿元、规模近9.8万亿元": its whole size
        elif last_indicator and fig.indicator in _GROWTH_NAMES:
            # "固定资产投资增长8%，增速比上年回落1.5个百分点": the rate of the indicator before
            indicator = last_indicator
        elif last_indicator and fig.indicator and (indicator in _RELATIVE_NAMES or indicator.startswith(("占", "与"))):
            # "税收收入62.1亿元，占比72.5%" -> 税收收入占比; "…经费支出33278亿元，与国内生产总值之比为2.64%"
            indicator = last_indicator + indicator
        measure = fig.measure
        if fig.unit in RATE_UNITS and fig.indicator in _GROWTH_NAMES:
            measure = Measure.GROWTH  # "6.5%左右的增速": a rate of growth, whoever's it is
        if fig.unit in RATE_UNITS and _ECONOMY_GROWTH.fullmatch(indicator):
            # "经济增长5.2%", "经济增速预期目标为6.5%左右", "6.5%左右的增速": the growth of the region's output
            indicator, measure = _output_name(region, stext[: fig.start]), Measure.GROWTH
        if fig.unit in RATE_UNITS and indicator and _TARGET_NAME.fullmatch(indicator):
            # "经济增速是综合性指标，今年预期目标设定为6%以上": the target of the growth named before
            if _ECONOMY_BEFORE.search(stext[: fig.start]):
                indicator, measure = _output_name(region, stext[: fig.start]), Measure.GROWTH
            elif last_indicator and last_measure is not None:
                indicator, measure = last_indicator, last_measure
        if indicator.startswith("新增城镇就业"):
            indicator = "城镇新增就业" + indicator[6:]  # the statistic's name in every report
        if (
            fig.names_target
            and last_indicator
            and last_measure is not None
            and (not fig.indicator or _TARGET_WORD.fullmatch(fig.indicator))
        ):
            # "广义货币M2增长11.3%，低于13%左右的预期目标": the target of the indicator before, in its measure
            indicator, measure = last_indicator, last_measure
        if not indicator and fig.names_target and measure is Measure.GROWTH and fig.unit in RATE_UNITS:
            # "提出增长6%左右的预期目标，主要考虑…": the growth target of the region's output
            indicator = _output_name(region, stext[: fig.start])
        if not indicator:
            continue
        last_indicator, last_measure = indicator, measure
        own_refs = [
            r
            for r in refs
            if (not r.named or _clause_index(clause_starts, r.start) == fig.clause) and (fig.base or r not in base_refs)
        ]
        bases = [f.end for f in figures if f.base and f.clause == fig.clause and f.end <= fig.start]
        if fig.reached_by_change and bases:
            # "由上年的9.5:38.2:52.3调整为9.0:37.6:53.4": the base's year is not the new level's (but
            # "从2018年的394.5亿元增加到2020年的428.2亿元" names the new level's own)
            own_refs = [
                r for r in own_refs if _clause_index(clause_starts, r.start) != fig.clause or r.start >= bases[-1]
            ]
        year, start_year, time = _year_of(fig, own_refs, para_time, section, document, stext[: fig.start])
        if fig.annualized and start_year is None and year is not None:
            # "从2018年的394.5亿元增加到2020年的428.2亿元，年均增长4.2%": the base's year starts the rate
            starts = [r.year for r in base_refs if r.year is not None and r.year < year and r.start < fig.start]
            start_year = starts[-1] if starts else None
        modality = _modality_of(fig, cue_positions, estimates, time, year, section, doc_year)
        if fig.base and year is not None:
            # the level before the period: the year before a span, or before the section's year unless
            # the clause names the base's own year ("从2018年的394.5亿元增加到…")
            own = time is not None and time in own_refs and _clause_index(clause_starts, time.start) == fig.clause
            if start_year is not None:
                year, start_year = start_year - 1, None
            elif not own:
                year -= 1
            modality = Modality.ACTUAL
        comparator = fig.comparator
        if comparator is Comparator.EQ and fig.reached and modality is Modality.TARGET:
            comparator = Comparator.GE
        start, end = page.original_span(offset + fig.start, offset + fig.end)
        out.append(
            Statement(
                doc=doc,
                start=start,
                end=end,
                text=page.original[start:end],
                indicator=indicator,
                region=region or ("全国" if _NATION.search(stext[: fig.start]) else None),
                modality=modality,
                measure=measure,
                value=fig.value,
                unit=fig.unit,
                comparator=comparator,
                year=year,
                start_year=start_year,
                annualized=fig.annualized,
                period=_period_code(year, start_year, time),
            )
        )
    return out


def _previous_clause(stext: str, clause_starts: list[int], clause: int) -> str:
    """The text of the clause before ``clause`` without its mark, or "" for the first."""
    if clause == 0:
        return ""
    return stext[clause_starts[clause - 1] : clause_starts[clause] - 1].strip()


def _subject_before(stext: str, clause: int, start: int) -> str:
    """The noun that opens the clause before ``start``'s: "住院和门诊费用" in "住院和门诊费用实现跨省直接结算，惠及…";
    "" (inherit the last indicator) when there is none."""
    if clause == 0:
        return ""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(stext, 0, start)]
    if len(marks) < 1:
        return ""
    previous = stext[marks[-2] if len(marks) >= 2 else 0 : marks[-1] - 1]
    if _has_figure(previous):
        return ""  # the clause before has a figure of its own: inherit its indicator
    previous = _SETTING_UP.sub("", previous.strip())  # "建立…“两项补贴”制度，惠及2100多万人": the scheme
    cut = _NOUN_END_VERB.search(previous)
    noun = _strip(previous[: cut.start()] if cut else previous, None)
    return noun if 2 <= len(noun) <= 16 else ""


def _new_and_total(figures: list[_Figure]) -> None:
    """ "净增规上工业企业12家，总数达到186家": the new ones are a change of the count, the total is its level."""
    for new, total in itertools.pairwise(figures):
        head = _NEW.match(new.indicator)
        # "净增规上工业企业12家": already a change of the count, named by what it counts
        changed = head is None and new.measure is Measure.GROWTH and new.unit not in RATE_UNITS and new.value > 0
        name = new.indicator[head.end() :] if head else new.indicator if changed else ""
        whole = (
            total.indicator in _TOTALS
            or (name and total.indicator in {name + t for t in _TOTALS})
            or (total.cumulative and not total.indicator)  # "新增…8家，累计达到35家"
        )
        if head and whole and new.unit == total.unit and new.measure is Measure.LEVEL:
            new.indicator, new.measure, total.indicator = name, Measure.GROWTH, name
        elif changed and name and whole and new.unit == total.unit:
            total.indicator = name


def _continue_change(before: _Figure, found: list[_Figure]) -> None:
    """The next item of a list of changes: in "退出钢铁产能超过6500万吨、煤炭产能超过2.9亿吨" the verb before the
    first item changes the second too."""
    if before.measure is not Measure.GROWTH:
        return
    for fig in found:
        if fig.indicator in _LEVEL_NOUNS:
            continue  # "增加约1.5万亿元、规模近9.8万亿元": the size reached, not another change
        if fig.measure is Measure.LEVEL and not fig.base and fig.unit == before.unit:
            fig.measure = Measure.GROWTH
            if (before.value < 0) != (fig.value < 0):
                fig.value = -fig.value


def _clause_index(clause_starts: list[int], position: int) -> int:
    lo, hi = 0, len(clause_starts) - 1
    while lo < hi:  # a sentence has a handful of clauses
        mid = (lo + hi + 1) // 2
        if clause_starts[mid] <= position:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _without_times(stext: str, start: int, end: int, refs: list[TimeRef]) -> str:
    """The clause text in ``[start, end)`` with the time expressions in it cut out."""
    pieces: list[str] = []
    at = start
    for ref in refs:
        if ref.end <= at or ref.start >= end:
            continue
        pieces.append(stext[at : max(at, ref.start)])
        at = min(end, ref.end)
    pieces.append(stext[at:end])
    return "".join(pieces)


def _is_figure(stext: str, m: re.Match[str], right: str) -> bool:
    """False for matches that are not figures: dates, ages, ordinals, sessions, slogans, standards."""
    unit = m["unit"] or "%"
    if unit == "个月":
        unit = "月"  # "今年已过去近5个月": a duration like any other month count
    number = m["num"] or m["pnum"] or ""
    before = stext[max(0, m.start() - 4) : m.start()]
    after = stext[m.end() : m.end() + 8]
    if (
        unit in DURATION_UNITS
        and "." not in number
        and "点" not in number
        and not (_CHANGE_TO.search(before) and len(number) <= 2)
        and not (unit == "岁" and _RISE_BEFORE.search(before))
        and not (unit == "月" and _FROM.search(before))
    ):
        return False  # 2020年, 50多年办学经验, 16岁的, 已过去近5个月 (but "从13.5年提高到14年", "提高1岁")
    if unit == "小时" and _SCHEDULE_AFTER.match(after):
        return False  # "24小时在线监控": a schedule, not a figure
    share_of = (
        m["unit"] in ("%", "％")
        and stext[max(0, m.start() - 1) : m.start()] in ("", "，", ",", "；", ";", "、", "。", "\n")
        and _SHARE_OF_AFTER.match(stext, m.end()) is not None
    )  # "90%以上的政务服务实现网上可办": the share of the things that do, not a class of them
    if not share_of and (
        _THRESHOLD_AFTER.match(stext, m.end())
        or (before.endswith("的") and _THRESHOLD_NOUN.match(stext, m.end()))
        or (_THRESHOLD_NOUN.match(stext, m.end()) and _COUNT_SOON.match(right))
        or (_OVER_BEFORE.search(before) and _CLASS_COUNTED.match(stext, m.end()))
    ):
        return False  # "2000万元以上的工业企业", "不达标的30万千瓦以下煤电机组": a class of things, not a figure
    if m.group() == "一起":
        return False  # 在一起 (together)
    if _ORDINAL_BEFORE.search(before):
        return False  # 第六, 排名前10名
    if unit in {"次", "届"} and _SESSION_AFTER.match(after):
        return False  # 一届七次全体会议
    if after[:1] in _OPEN_QUOTE:
        return False  # 9个“聚焦”
    if _STANDARD_AFTER.match(after):
        return False  # 200平方米达标
    if _RANK_AFTER.match(right) or _RANK_WITHIN.match(right):
        return False  # 在全省117个县区中排名第六
    if m["num"] and is_small_chinese(number) and not m["num2"] and not m["approx1"] and not m["approx2"]:
        nxt = after[:1]
        if (
            nxt
            and "\u4e00" <= nxt <= "\u9fff"
            and not _RIGHT_COMPARATOR.match(after)
            and not (number not in "一壹" and _BUILT.search(before))
            and not (number not in "一壹" and m["unit"] == "次" and _ACTION_AFTER.match(after))
        ):
            return False  # 六项行动, 一家分公司, 一次重要会议 (but "已成功直播两次。", "建成十个文化广场" count)
    return not _inside_short_quote(stext, m.start(), m.end())


def _inside_short_quote(stext: str, start: int, end: int) -> bool:
    """True inside a short quotation: slogans such as “最多跑一次” and “只进一门，只找一人”."""
    window = stext[max(0, start - 12) : start]
    opened = max(window.rfind(q) for q in "“「『")
    if opened < 0 or any(q in window[opened:] for q in "”」』"):
        return False
    return any(q in stext[end : end + 12] for q in "”」』")


def _values(m: re.Match[str], left: str, right: str, before: str) -> tuple[list[float], str, bool] | None:
    """The values and base unit of a quantity match, and whether the words make it a change ("翻一番");
    None when it is no figure after all (a count with no classifier of something that is not people)."""
    if m["pct"]:
        try:
            return [require_finite(parse_number(m["pnum"]))], "%", False  # 400 digits are no figure
        except ValueError:
            return None
    if m["frac"]:
        return [round(parse_number(m["nom"]) / parse_number(m["den"]) * 100, 2)], "%", False
    if m["half"]:
        return [50.0], "%", False
    if m["fan"]:
        return [100.0 * (2 ** int(parse_number(m["fann"])) - 1)], "%", True
    if m["zero"]:
        return [0.0], "%", True
    if m["halve"]:
        return [-50.0], "%", True
    if m["xbare"]:  # "城乡居民收入比为2.05": times, only after the name of a ratio
        return ([parse_number(m["xbare"])], "倍", False) if _RATIO_NAME.search(before) else None
    if m["round"]:  # "超过万亿元": one of the multiplier; "惠及近千万家庭": households
        value, unit = normalise(1.0, m["round"], "户" if m["roundunit"] == "家庭" else m["roundunit"])
        return [value], unit, False
    if m["cheng"]:  # "下降超过五成": tenths
        return [10.0 * parse_number(m["cheng"])], "%", False
    if m["twodigit"]:  # "保持两位数增长": ten percent or more
        return [10.0], "%", True
    if m["bare"]:
        return [parse_number(m["bare"])], "%", False
    if m["ratio"]:  # "三次产业结构为5.1:38.2:56.7": shares of the three industries
        parts = [parse_number(x) for x in re.split("[:：]", m["ratio"])]
        return (parts, "%", False) if len(parts) == len(_SECTORS) and "产业" in before else None
    if m["toone"]:  # "之比达到2.3:1": a multiple, only after the word for a ratio (not a time of day)
        return ([parse_number(m["toone"])], "倍", False) if "比" in before[-12:] else None
    if m["wanyi"]:  # "3万多亿元": more than 3 万亿
        try:
            value, unit = normalise(parse_number(m["wanyi"]), "万亿", m["wyunit"])
        except (ValueError, KeyError):
            return None
        return [value], unit, False
    unit_printed = m["unit"] or m["aboveunit"]
    if unit_printed is None:
        # "8000多万农业转移人口", "农村贫困人口减少1240万", "用户3.4亿": people or households by the noun
        near = right[:10] + " " + (left[-12:] if len(left) >= 4 else before[-20:])
        if "人次" in near:
            unit_printed = "人次"  # "出境旅游人次由8300万增加到…"
        elif _PEOPLE.search(near):
            unit_printed = "人"
        elif _HOUSEHOLDS.search(near):
            unit_printed = "户"
        elif listed := _LIST_UNIT.match(right):
            unit_printed = listed["unit"]  # "分别减少10.6万、3.8万、3.3万平方公里": the unit of the last item
        else:
            return None
    if m["above"]:
        return [1e8 if m["abovem"] == "亿" else 1e7], unit_printed, False
    if m["many"]:
        return [{"亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}[m["manym"]]], unit_printed, False
    multiplier = m["mult"] or ""
    values: list[float] = []
    unit = ""
    if m["mixed"]:
        try:
            value, unit = normalise(parse_mixed(m["mixed"], then_wan=multiplier == "万"), "", unit_printed)
        except (ValueError, KeyError):
            return None
        return [value], unit, False
    for number in (m["num"], m["num2"], m["num3"]):
        if number is None:
            continue
        try:
            value, unit = normalise(parse_number(number), multiplier, unit_printed)
        except (ValueError, KeyError):
            return None
        values.append(value)
    if m["neg"] and values:
        values[0] = -values[0]  # "人口自然增长率-0.96‰"
    return values, unit, False


def _figures(stext: str, m: re.Match[str], clause: int, left: str, right: str, region: str | None) -> list[_Figure]:
    # a structure's sectors may be named well before it: "三次产业结构由2020年的4.2:41.5:54.3调整为2022年的3.8:…"
    read = _values(m, left, right, stext[max(0, m.start() - (60 if m["ratio"] else 30)) : m.start()])
    if read is None:
        return []
    values, unit, change = read
    start, end = m.start(), m.end()
    comparator = Comparator.EQ
    reached = False
    left_cmp = _LEFT_COMPARATOR.search(stext[max(0, start - 4) : start])
    if left_cmp:
        word = left_cmp.group().strip()
        start -= len(left_cmp.group())
        if word in ("达到", "达"):
            reached = True
        else:
            comparator = _LEFT_COMPARATORS[word]
    right_cmp = _RIGHT_COMPARATOR.match(stext, end)
    if right_cmp:
        comparator = _RIGHT_COMPARATORS[right_cmp.group(1)]
        end = right_cmp.end()
        right = right[end - m.end() :]
    elif m["approx1"] or m["approx2"] or m["wyapprox"] or m["fanmore"]:
        comparator = Comparator.GT
    elif m["fanapprox"]:
        comparator = Comparator.APPROX  # "翻了近一番"
    elif m["halfcmp"]:
        comparator = Comparator.GT if m["halfcmp"] == "过半" else Comparator.APPROX  # 过半: more than half
    elif m["above"] or m["twodigit"] or m["many"]:
        comparator = Comparator.GE  # 上亿: a hundred million or more; 两位数: 10 % or more; 数以亿计

    base = _FROM.search(stext[max(0, start - 12) : start]) is not None or (
        _FROM_WIDE.search(stext[max(0, start - 12) : start]) is not None and _TO_AFTER.match(right) is not None
    )
    reached_by_change = bool(_CHANGE_TO.search(left.strip()) or _CHANGE_TO.search(_strip(left, region)))
    of_noun = _OF_NOUN_TO.match(right) if not reached_by_change else None
    base = base or of_noun is not None  # "将制造业等行业现行16%的税率降至13%": 16 % is where the change starts
    names_target = _IS_TARGET_AFTER.match(right) is not None and not _REACHED_BEFORE.search(left)
    originally = _ORIGINAL_PLAN.search(stext[max(0, start - 6) : start]) is not None
    names_target = names_target or originally  # "超过原定的近2万亿元规模": the plan that was exceeded
    stated_fact = _FACT_BEFORE.search(stext[max(0, start - 12) : start]) is not None
    # a stock said in passing ("稳住上亿市场主体", "灵活就业人员数以亿计") is a fact of the present, not a goal
    present = bool(m["above"] or m["many"])
    measure, annualized, average_years, indicator, falling = _measure_and_name(left, unit, region)
    if change:
        measure = Measure.GROWTH
    if originally:
        indicator = ""  # the figure before it names what was planned
    if m["halve"] and (_HALVE_NOT.search(right[:14]) or stext[max(0, m.start() - 2) : m.start()] == "享受"):
        return []  # "享受减半征收所得税优惠的范围": the name of a relief, not a change
    if m["halve"]:
        # "再减半征收所得税": the thing halved follows
        indicator = _noun_after(re.sub(r"^(?:征收|计征|征|收取|执行)", "", right)) or indicator
    elif _GROWTH_TARGET_AFTER.match(right) and unit in RATE_UNITS and not indicator:
        # "确保完成全年5.5%—6%的预期增长目标": the region's output growth
        indicator, measure = "经济增长", Measure.GROWTH
    by_rate = _BY_RATE.match(right)
    if by_rate and unit in RATE_UNITS:
        # "按不低于5%的幅度压减一般性支出": the rate of a change of what follows
        measure, indicator = Measure.GROWTH, _strip(by_rate["object"], region)
        falling = by_rate["verb"] in _LEADING_FALLING or by_rate["verb"] in _FALLING
    if measure is Measure.GROWTH and unit == "倍" and m["unit"]:
        values, unit = [v * 100 for v in values], "%"  # 增长1.5倍 is growth of 150 %
    if falling:
        values = [-v for v in values]
    if of_noun:
        indicator = indicator + of_noun["noun"]  # "制造业等行业" + "税率"
    if base:
        # "起征点从月销售额3万元提高到10万元": what the base is measured in is no part of the name
        indicator = _strip(re.sub(r"(?:从|由)[^从由，,、]{0,6}$", "", indicator), region)
    fresh = bool(indicator)
    noun = (
        "" if base or originally else _noun_after(right)
    )  # "由5千多户增加到…": what follows is the change, not a noun
    if m["unit"] == "人" and right.startswith("口"):
        noun = "人口"  # "13亿多人口的发展中大国"
        present = present or values[0] >= 1e8  # "拥有14亿人口的发展中国家": the country as it is
    elif m["unit"] == "人" and right.startswith("的") and values[0] >= 1e8:
        noun = "人口"  # "保障好14亿人的粮食安全": a country's people, not what is theirs
        present = True
    elif right.startswith(("并", "且", "而")) or _TARGET_WORD.fullmatch(noun):
        # "突破40万亿元并连续多年居世界首位": what follows is another statement, not a noun; "实现高职院校
        # 扩招100万人目标": the word for a target names nothing
        noun = ""
    elif m["roundunit"] == "家庭":
        noun = "家庭"  # "惠及近千万家庭"
    elif m["unit"] == "家" and right.startswith("庭"):
        unit, noun = "户", _noun_after(right[1:]) or "家庭"  # "惠及2900多万家庭"
    if indicator.startswith(("是", "为")) and unit == "倍":
        indicator, fresh = "", False  # "市场主体…是十年前的3倍": the subject named before
    if not noun and indicator and _VERB_ONLY.match(indicator):
        # "住院和门诊费用实现跨省直接结算，惠及5700多万人次": what the sentence is about
        indicator, fresh = _subject_before(stext, clause, start), False
    if m["unit"] is None and not m["aboveunit"] and not m["round"] and not (m["half"] or m["frac"] or m["cheng"]):
        # "为1700多万困难和重度残疾人发放…": the people named right after; "裁减军队员额30万任务": those before
        people = _PEOPLE.search(right[:14]) or _HOUSEHOLDS.search(right[:14])
        head = right[: people.end()] if people else ""
        whole = _noun_after(right)  # "近1亿农村贫困人口实现脱贫": the whole noun, not up to "贫困"
        noun = "" if not people or _NOUN_END_VERB.search(head) else whole if head in whole else head
        if people and people.group() == "中国人":
            noun = "人口"  # "14亿中国人的饭碗"
        if noun == "人口" and values[0] >= 1e8:
            present = True  # "拥有14亿人口的发展中国家", "14亿中国人的饭碗": the country as it is
    if noun and (
        unit in COUNT_UNITS
        or not indicator
        or _VERB_ONLY.match(indicator)
        or _GIVING.search(indicator)
        or indicator.endswith("等")
    ):
        indicator, fresh = noun, True
        if measure is Measure.GROWTH and unit not in RATE_UNITS and not falling:
            # "新增600张养老床位" counts new things: a level of its own, not a change of the figure before;
            # a reduction stays one ("取消165项…审批事项": the count of 审批事项 fell by 165)
            measure, annualized = Measure.LEVEL, False
    figure = _Figure(
        start,
        end,
        clause,
        values[0],
        unit,
        comparator,
        reached,
        indicator,
        measure,
        annualized,
        average_years,
        fresh,
        base=base,
        reached_by_change=reached_by_change,
        names_target=names_target,
        stated_fact=stated_fact or present,
        present=present,
    )
    if m["ratio"]:  # three shares, each named by its sector
        return [
            replace(
                figure,
                value=value,
                comparator=Comparator.EQ,
                reached=False,
                indicator=name,
                measure=Measure.LEVEL,
                annualized=False,
                average_years=None,
                fresh_indicator=True,
                names_target=False,
                stated_fact=False,
            )
            for value, name in zip(values, _SECTORS, strict=True)
        ]
    if len(values) == 2:  # a range: its lower bound and its upper bound
        low, high = sorted(values)
        return [
            replace(figure, value=low, comparator=Comparator.GE, reached=False),
            replace(figure, value=high, comparator=Comparator.LE, reached=False),
        ]
    return [figure]


def _measure_and_name(left: str, unit: str, region: str | None) -> tuple[Measure, bool, int | None, str, bool]:
    """Measure, annualized, years averaged, indicator name and whether the change is a fall.

    ``"地区生产总值年均增长率达到"`` -> growth, annualized, "地区生产总值";
    ``"全区地区生产总值从的"`` (times cut out) -> level, "地区生产总值".
    """
    name = _strip(left, region)
    measure = Measure.LEVEL
    annualized = False
    average_years: int | None = None
    falling = False
    if name.startswith(("比", "较")) and not _COMPARED.search(name) and not _GROWTH.search(name):
        name = ""  # "总数达到78家，比“十四五”初期翻了一番": the indicator before, compared with a time
    to_level = _CHANGE_TO.search(name)
    level_name = _strip(name[: to_level.start()], region) if to_level else ""
    raw = left.rstrip(" ，,、；;：:")
    if to_level is None and raw.endswith("为") and (raw_to := _CHANGE_TO.search(raw)):
        to_level = raw_to  # "缩短为90天": a change to a level, whose 为 the filler took
        level_name = _strip(raw[: raw_to.start()], region)
    compared = _COMPARED.search(name)
    leading = _LEADING_CHANGE.match(name) or _INNER_CHANGE.search(name)
    if to_level:
        name = level_name
    elif compared:
        # "赤字率比去年预算低0.4个百分点": a difference, growth in the unit of the figure
        measure = Measure.GROWTH
        falling = (compared["verb"] or (compared["verb2"] or "超")[0]) in _COMPARED_FALLING  # 超: above
        name = _strip(name[: compared.start()], region)
        if name.endswith(("降幅", "跌幅")):  # "民间投资降幅比上半年收窄2.6个百分点": the rate rose by 2.6
            name, falling = _strip(name[:-2], region), not falling
    elif leading and _strip(name[leading.end() :], region):
        measure = Measure.GROWTH
        falling = leading["verb"] in _LEADING_FALLING
        name = _strip(name[leading.end() :], region)
    elif leading and leading["verb"] in _LEADING_FALLING and leading.end() == len(name):
        # "取消165项…审批事项": a reduction of what its count names after it
        measure, falling, name = Measure.GROWTH, True, ""
    else:
        growth = _GROWTH.search(name)
        if growth and (
            (growth.group().endswith("率") and growth["verb"] not in _RATE_NOUNS) or name.endswith("自然增长率")
        ):
            growth = None  # "审批材料压减率达到35%": a rate of reduction is a level
        # a rate, a change against a base ("比上年增加1103亿美元"), or a bare change after a level
        # ("稻谷种植面积2895万公顷，减少50万公顷")
        # ("稻谷种植面积2895万公顷，减少50万公顷"), or a change in absolute units ("农村贫困人口减少1240万");
        # 新增 after a name counts new things: a level ("城镇新增就业1314万人")
        if growth and _NAMED_AMOUNT.search(name[: growth.start()]):
            growth = None  # "为企业新增减负超过2.5万亿元": 新增减负 names an amount, a level
        if (
            growth
            and (
                unit in RATE_UNITS
                or growth["cmp"]
                or growth["verb"] not in ("新增", "净增")
                # "高新技术企业净增37家": a net increase is a change, unless it is a rate per day ("日均净增1万户")
                or (growth["verb"] == "净增" and not _PER_DAY.search(name[: growth.start()]))
                or not _strip(name[: growth.start()], region)
            )
        ):
            measure = Measure.GROWTH
            annualized = bool(growth["avg"])
            if growth["navg"]:
                average_years = int(parse_number(growth["navg"]))
            falling = growth["verb"] in _FALLING
            name = _strip(name[: growth.start()], region)
    return measure, annualized, average_years, name, falling


def _output_name(region: str | None, before: str) -> str:
    """The name of a region's output: 国内生产总值 for the country, else 地区生产总值."""
    national = region in ("全国", "中国") or (region is None and _NATION.search(before) is not None)
    return "国内生产总值" if national else "地区生产总值"


def _strip(name: str, region: str | None) -> str:
    name = name.strip(" ，,、；;：:")
    for _ in range(3):  # fillers nest: "全区累计" then "从"
        before = name
        name = _LEAD_FILLER.sub("", name)
        if region and name.startswith(region):
            name = name[len(region) :]
        name = _GENERIC_REGION.sub("", name)
        if name and (name[-1] in _TAIL_LAST or name[-1].isspace()):
            name = _TAIL_FILLER.sub("", name)
        name = name.strip(' ，,、；;：:()（）“”"')
        if name == before:
            break
    name = _INNER_FILLER.sub("", name)
    if name.count("“") != name.count("”") or name.count('"') % 2:
        name = re.sub('[“”"]', "", name)  # a quote cut in half by the clause: "三公”经费"
    return "" if name in _JOINERS else name  # "增长4.9%和6.6%": the 和 names nothing


#: words that join the items of a list and name nothing alone
_JOINERS: Final[frozenset[str]] = frozenset({"和", "及", "与", "或", "以及", "同比", "环比"})


def _noun_after(right: str) -> str:
    """The noun a count is of, when it follows the classifier: "20名…的精干执法人员，" -> "精干执法人员"."""
    cut = _NOUN_END_VERB.search(right)
    noun = right[: cut.start()] if cut else right
    if "的" in noun:
        noun = noun.rsplit("的", 1)[1]
    conj = _NOUN_END_CONJ.search(noun)
    if conj:
        noun = noun[: conj.start()]
    return noun if 2 <= len(noun) <= 16 else ""


def _apply_lists(stext: str, clause_starts: list[int], figures: list[_Figure], refs: list[TimeRef]) -> None:
    """分别 lists: "第一产业、第二产业增加值分别增长5.2%、6.1%" gives each figure its own indicator,
    and the later figures of the list the measure of the first."""
    by_clause: dict[int, list[_Figure]] = {}
    for fig in figures:
        by_clause.setdefault(fig.clause, []).append(fig)
    for clause, group in by_clause.items():
        if len(group) == 1:
            _share_figure(stext, clause_starts[clause], group[0], figures, refs)
            continue
        clause_text = stext[clause_starts[clause] : group[0].start]
        at = clause_text.find("分别")
        if at < 0:
            _parallel(stext, clause, group, figures, refs)
            continue
        first = group[0]
        for fig in group[1:]:
            fig.measure, fig.annualized = first.measure, first.annualized
            if first.measure is Measure.GROWTH and first.value < 0 < fig.value:
                fig.value = -fig.value
            if fig.comparator is Comparator.EQ:
                fig.comparator = first.comparator
            fig.reached = first.reached
        names_text = clause_text[:at]
        names = [n for n in re.split(r"[、和及与]", names_text) if n.strip()]
        if len(names) == 1 and len(group) == 2:
            pair = next(((k, v) for k, v in _PAIRS.items() if _strip(names[0], None).startswith(k)), None)
            if pair:  # "城乡居民人均可支配收入分别为38652元和18230元": 城镇… and 农村…
                rest = _strip(names[0], None)[len(pair[0]) :]
                names = [pair[1][0] + rest, pair[1][1] + rest]
        start = clause_starts[clause]
        years = _year_list(stext, refs, start + at, len(group))
        if years:
            # "地区生产总值2021年、2022年分别增长5%和6%": a list of years, not of indicators
            name = _strip(_measure_and_name(_without_times(stext, start, start + at, refs), first.unit, None)[3], None)
            for fig, ref in zip(group, years, strict=True):
                fig.year = ref.year
                fig.indicator = name or first.indicator
        elif len(names) == len(group):
            base = _strip(first.indicator or "", None)
            cleaned_names = [_strip(_measure_and_name(name, first.unit, None)[3], None) for name in names]
            head = _shared_head(cleaned_names)
            for fig, name in zip(group, cleaned_names, strict=True):
                if head and name and not name.endswith(head):
                    name = _with_head(name, head, cleaned_names[0])
                fig.indicator = name or base
                fig.fresh_indicator = True
        else:
            # "接待国内游客856.3万人次，实现旅游收入78.4亿元，分别增长12.6%和15.3%": the levels named before
            earlier = [f.indicator for f in figures if f.clause < clause and f.fresh_indicator and f.indicator]
            named = list(dict.fromkeys(earlier))
            if not names_text.strip() and len(named) >= len(group):
                for fig, name in zip(group, named[-len(group) :], strict=True):
                    fig.indicator = name
            else:
                for fig in group[1:]:
                    fig.indicator = first.indicator


def _parallel(stext: str, clause: int, group: list[_Figure], figures: list[_Figure], refs: list[TimeRef]) -> None:
    """A list of figures with no name after a list of as many named ones: in "城乡居民人均可支配收入分别达到41230元和
    20150元，增长4.9%和6.6%" the rates are those of the levels before, in order."""
    if any(f.indicator for f in group) or any(
        not _LIST_GAP.match(stext[a.end : b.start]) for a, b in itertools.pairwise(group)
    ):
        return
    earlier = [f for f in figures if f.clause == clause - 1]
    if len(earlier) != len(group) or len({f.indicator for f in earlier}) != len(earlier):
        return
    first = group[0]
    for fig, named in zip(group, earlier, strict=True):
        fig.indicator = named.indicator
        if fig is not first:
            fig.measure, fig.annualized = first.measure, first.annualized
            if fig.comparator is Comparator.EQ:
                fig.comparator = first.comparator


def _share_figure(stext: str, clause_start: int, fig: _Figure, figures: list[_Figure], refs: list[TimeRef]) -> None:
    """One figure for several names: "二氧化硫、氮氧化物排放量分别下降3%" is a record for each, named with
    the head they share (二氧化硫排放量, 氮氧化物排放量)."""
    clause_text = _without_times(stext, clause_start, fig.start, refs)
    at = clause_text.find("分别")
    if at < 0:
        both = _BOTH.search(clause_text)  # "广义货币M2和社会融资规模余额预期增长均为12%左右"
        at = both.start() if both else -1
    if at < 0:
        # without 分别, only a rate of change of items that share their head: "二氧化硫、氮氧化物排放量要下降3%"
        if fig.measure is not Measure.GROWTH or "、" not in clause_text:
            return
        at = len(clause_text)
    names = [n for n in re.split(r"[、和及与]", _strip(clause_text[:at], None)) if n.strip()]
    if names and _BOTH.search(clause_text) and re.search(r"等(?:增幅|增速|涨幅|降幅)?$", names[-1]):
        # "均衡性转移支付、县级基本财力保障机制奖补资金等增幅均超过10%": the items named, each
        names[-1] = re.sub(r"等(?:增幅|增速|涨幅|降幅)?$", "", names[-1])
    if not 2 <= len(names) <= 6 or any(len(n) > 16 for n in names) or _APPOSITION.search(names[-1]):
        return  # "装备制造、食品加工、新材料三大主导产业增加值" names one thing: the three together
    cleaned = [_strip(_measure_and_name(name, fig.unit, None)[3], None) for name in names]
    head = _shared_head(cleaned)
    if (
        "分别" not in clause_text
        and not _BOTH.search(clause_text)
        and not (head and all(3 <= len(n) <= len(cleaned[-1]) for n in cleaned[:-1]))
    ):
        return  # "淘汰、停建、缓建煤电产能" lists verbs, not names
    index = figures.index(fig)
    copies = []
    for name in cleaned:
        if head and name and not name.endswith(head):
            name = _with_head(name, head, cleaned[0])
        copies.append(replace(fig, indicator=name or fig.indicator, fresh_indicator=True))
    figures[index : index + 1] = copies


def _with_head(name: str, head: str, first: str) -> str:
    """An item of a list completed with the head it shares: "二" -> "第二产业…" after "第一、二、三产业…"."""
    if re.fullmatch(r"[一二三四五六七八九十]", name) and first.startswith("第"):
        name = "第" + name
    return name + head


def _shared_head(names: list[str]) -> str:
    """What the items of a list share when only the last spells it out: "城镇、农村居民人均可支配收入" ->
    "居民人均可支配收入" (the earlier items are as long as the last one's own part); else a known head noun:
    "第一产业、第二产业和第三产业增加值" -> "增加值"."""
    *earlier, last = names
    ordinal = re.match(r"^(第?)[一二三四五六七八九十]", last)
    if ordinal and all(re.fullmatch(r"第?[一二三四五六七八九十]", n) for n in earlier):
        return last[ordinal.end() :]  # "第一、二、三产业…贡献率": each is 第N产业…贡献率
    sizes = {len(n) for n in earlier}
    if len(sizes) == 1 and 0 < (size := sizes.pop()) <= 4 and size < len(last):
        return last[size:]
    known = _SHARED_HEAD.search(last)
    return known.group() if known else ""


def _year_list(stext: str, refs: list[TimeRef], before: int, count: int) -> list[TimeRef]:
    """The ``count`` years listed last before ``before``, if they form a list ("2021年、2022年", "2021年和
    2022年，…"), else []."""
    years = [r for r in refs if r.kind is TimeKind.YEAR and r.end <= before][-count:]
    if count < 2 or len(years) != count:
        return []
    gaps = [stext[a.end : b.start] for a, b in itertools.pairwise(years)]
    return years if all(_LIST_GAP.match(gap) for gap in gaps) else []


def _period_code(year: int | None, start_year: int | None, time: TimeRef | None) -> str | None:
    """The figure's period code: its year, its span, or the part of its year ("2023YTD09")."""
    if year is None:
        return None
    if start_year is not None and start_year < year:
        return f"{start_year}-{year}"
    if time is not None and time.sub is not None and time.year == year:
        return f"{year}{time.sub}"
    return str(year)


def _year_of(
    fig: _Figure,
    refs: list[TimeRef],
    para_time: TimeRef | None,
    section: _Context,
    document: Document,
    fig_left: str = "",
) -> tuple[int | None, int | None, TimeRef | None]:
    doc_year = document.doc_year
    if fig.year is not None:
        return fig.year, None, None
    before = [r for r in refs if r.start < fig.start]
    time = before[-1] if before else (para_time or section.time)
    if fig.present and not before and doc_year is not None:
        time = TimeRef(0, 0, TimeKind.PRESENT, doc_year)  # "拥有14亿人口的发展中国家": as it is when written
    if time is not None and time.kind is TimeKind.SUB_YEAR and time.year is None:
        # "一季度增长5%": a part of the year the nearest year-bearing time names, else the section's
        known = [r for r in (*before, para_time, section.time, document.time) if r is not None and r.year is not None]
        if document.kind is DocumentKind.WORK_REPORT:
            known = []  # a report delivered in spring speaks of this year's quarters ("一季度经济出现负增长")
        time = replace(time, year=known[-1].year if known else doc_year)
    if (
        time is not None
        and time.kind is TimeKind.PRESENT
        and section.time is not None
        and section.time.year is not None
        and doc_year is not None
        and section.time.year < doc_year
        and section.modality is Modality.ACTUAL
    ):
        time = section.time  # "目前" in a review of last year: the state the review reports
    if time is None:
        return None, None, None
    if (
        time.since
        and document.kind is DocumentKind.QUARTERLY
        and document.time is not None
        and document.time.year == time.year
    ):
        time = document.time  # "今年以来" in a release on the first half: the half year
    year, start_year = time.year, time.start_year
    if fig.annualized:
        years = sorted({r.year for r in before if r.kind is TimeKind.YEAR and r.year is not None})
        if len(years) >= 2:
            start_year, year = years[0], years[-1]
        elif start_year is None and year is not None:
            spans = [r for r in (*before, section.time) if r is not None and r.kind is TimeKind.SPAN]
            within = [r for r in spans if r.start_year is not None and r.start_year <= year <= (r.year or year)]
            if within:
                start_year = within[-1].start_year  # "“十四五”时期，…到2025年…年均增长8%" -> 2021
            elif fig.average_years:
                start_year = year - fig.average_years + 1
            elif doc_year is not None and doc_year < year:
                start_year = doc_year
    elif fig.measure is Measure.LEVEL and time.kind is not TimeKind.SPAN:
        start_year = None
    elif not before and _ONE_YEAR.search(fig_left):
        start_year = None  # "全年粮食产量1.37万亿斤" in a review of five years: the last year's
    return year, start_year, time


def _modality_of(
    fig: _Figure,
    cue_positions: list[int],
    estimates: frozenset[int],
    time: TimeRef | None,
    year: int | None,
    section: _Context,
    doc_year: int | None,
) -> Modality:
    if fig.present:
        return Modality.ACTUAL  # "必须稳住上亿市场主体" among the year's tasks: the stock, not a goal
    estimate = section.modality is Modality.ACTUAL and year is not None and doc_year is not None and year < doc_year
    if any(p < fig.start and not (estimate and p in estimates) for p in cue_positions) or fig.names_target:
        return Modality.TARGET  # ("预计全年地区生产总值326亿元" in a review of last year is an estimate of it)
    if time is not None and time.target:
        return Modality.TARGET
    if year is not None and doc_year is not None and year > doc_year:
        return Modality.TARGET
    if section.modality is Modality.TARGET and year is not None and doc_year is not None and year < doc_year:
        return Modality.ACTUAL  # a past year under a heading of goals: the base of a target
    if section.modality is Modality.TARGET and fig.stated_fact:
        return Modality.ACTUAL  # "我国已有1亿多市场主体" among the year's tasks: a fact, not a goal
    if section.modality is not None:
        return section.modality
    return Modality.ACTUAL
