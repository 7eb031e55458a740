/**
 * Deterministic demo data: the same seed always gives the same customers, contacts and visits,
 * realistic enough to work with (Chinese company and person names, plausible titles and phones).
 * Pure: no I/O, no clock — callers pass the months to fill.
 */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

export const DEMO_UNITS = [
  { code: 'U01', name: '城区营销中心', region: '城区' },
  { code: 'U02', name: '东部营销中心', region: '东部' },
  { code: 'U03', name: '西部营销中心', region: '西部' },
] as const;

const PLACES = ['华南', '东江', '滨海', '金湖', '南山', '青云', '锦城', '鹏程', '广信', '长安', '新港', '松岭'];
const TRADES = ['制造', '物流', '医药', '电子', '建设', '食品', '纺织', '能源', '科技', '置业', '环保', '教育', '汽车', '化工', '传媒'];
const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司', '实业有限公司'];
const PUBLIC_BODIES = ['市第一人民医院', '区教育局', '市税务局', '市公安局交警支队', '市中心医院', '区人民法院', '市政务服务中心', '市自来水公司'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '志强', '海燕', '国庆', '晓东', '文博', '思远', '雅婷'];
const TITLES = [
  { title: '总经理', role: 'key_person' },
  { title: '副总经理', role: 'key_person' },
  { title: '办公室主任', role: 'liaison' },
  { title: '财务总监', role: 'key_person' },
  { title: '信息中心主任', role: 'key_person' },
  { title: '行政专员', role: 'liaison' },
  { title: '采购经理', role: 'liaison' },
] as const;
const STREETS = ['人民路', '建设大道', '解放路', '中山路', '滨江大道', '科技园路', '工业大道', '青年路'];

export const VISIT_PURPOSES = ['了解通信需求', '专线续约洽谈', '5G 专网方案交流', '走访关键人', '处理投诉回访', '云业务推介', '合同到期提醒', '年度服务回顾'];
const SUMMARIES = ['客户对现有服务总体满意，提出带宽扩容需求。', '介绍了新套餐，客户将内部讨论。', '关键人变更，已更新联系人信息。', '客户反映网络偶有中断，已转交维护部门。', '双方确认下季度续约意向。'];

export function personName(rng: Rng): string {
  return rng.pick([...SURNAMES]) + rng.pick(GIVEN);
}

export function mobile(rng: Rng): string {
  return `1${rng.pick(['38', '39', '58', '59', '86', '87', '35', '36'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** Number endings the emulator answers with no answer, a busy line and an answering machine. */
export const NO_CONTACT_ENDINGS = ['00', '11', '33'] as const;

export interface DemoContact {
  name: string;
  title: string;
  role: 'key_person' | 'liaison';
  phone: string;
}

export interface DemoCustomer {
  groupCode: string;
  name: string;
  class: 'A' | 'B' | 'C' | 'D';
  unitCode: string;
  address: string;
  latitude: number;
  longitude: number;
  manager: string;
  contacts: DemoContact[];
}

/** 25 customers per manager; classes about 10 % A, 20 % B, 35 % C, 35 % D; 1–5 contacts each. */
export function demoCustomers(managers: { username: string; unitCode: string }[], rng: Rng): DemoCustomer[] {
  const used = new Set<string>();
  const out: DemoCustomer[] = [];
  let n = 0;
  for (const m of managers) {
    for (let i = 0; i < 25; i++) {
      n++;
      const roll = rng.next();
      const cls = roll < 0.1 ? 'A' : roll < 0.3 ? 'B' : roll < 0.65 ? 'C' : 'D';
      let name: string;
      do {
        name = rng.chance(0.1) ? rng.pick(PLACES) + rng.pick(PUBLIC_BODIES) : rng.pick(PLACES) + rng.pick(TRADES) + rng.pick(SUFFIXES);
      } while (used.has(name));
      used.add(name);
      // Some A/B customers have fewer than the 3 contacts the rules ask for (a data-check finding).
      const contactCount = cls === 'A' || cls === 'B' ? (rng.chance(0.25) ? rng.int(1, 2) : rng.int(3, 5)) : rng.int(1, 3);
      const contacts: DemoContact[] = [];
      // One customer in twelve cannot be reached by phone: every number of theirs ends in digits
      // the Twilio emulator never lets a person answer (README → Telephony), so their callbacks
      // end unreachable after the last attempt, as some real ones do. (Applied after drawing,
      // so the rest of the demo data is the same draw as without it.)
      const unreachable = n % 12 === 6 ? NO_CONTACT_ENDINGS[Math.floor(n / 12) % NO_CONTACT_ENDINGS.length] : null;
      for (let c = 0; c < contactCount; c++) {
        const t = c === 0 ? TITLES[0] : rng.pick(TITLES);
        const name = personName(rng);
        const phone = mobile(rng);
        contacts.push({ name, title: t.title, role: t.role, phone: unreachable ? phone.slice(0, -2) + unreachable : phone });
      }
      out.push({
        groupCode: `GD${String(200000 + n * 7).padStart(8, '0')}`,
        name,
        class: cls,
        unitCode: m.unitCode,
        address: `${rng.pick(STREETS)}${rng.int(1, 999)}号`,
        latitude: Math.round((22.5 + rng.next() * 0.3) * 1e6) / 1e6,
        longitude: Math.round((113.9 + rng.next() * 0.4) * 1e6) / 1e6,
        manager: m.username,
        contacts,
      });
    }
  }
  return out;
}

/** The customer list (附件1) as a CSV, one contact a row, with Chinese headers. */
export function customersCsv(customers: DemoCustomer[], claimFrom: string): string {
  const header = ['集团编码', '集团名称', '集团等级', '营销单位', '地址', '纬度', '经度', '客户经理工号', '认领生效日期', '关键人姓名', '职务', '联系人类型', '联系电话'];
  const lines = [header.join(',')];
  for (const c of customers) {
    for (const p of c.contacts) {
      lines.push(
        [c.groupCode, c.name, c.class, c.unitCode, c.address, c.latitude, c.longitude, c.manager, claimFrom, p.name, p.title, p.role === 'key_person' ? '关键人' : '联系人', p.phone]
          .map((v) => String(v))
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function visitSummary(rng: Rng): string {
  return rng.pick(SUMMARIES);
}

export interface DemoVisit {
  manager: string;
  groupCode: string;
  contactIndexes: number[];
  type: 'on_site' | 'phone';
  /** Wall-clock 'YYYY-MM-DDTHH:mm' in the app's time zone. */
  visitedAt: string;
  /** Hours between the visit and its report; over the deadline makes it late. */
  reportAfterHours: number;
  purpose: string;
  checkIn: 'gps' | 'qr' | 'none';
}

/**
 * Visits for the given months (each a list of the working days 'YYYY-MM-DD' already past): every
 * claimed customer visited as the rules ask — class A/B on site each month (now and then a call
 * too), C/D by phone each month and on site in the first month (the rolling quarter's on-site
 * visit) and now and then after — except by the careless managers, who skip some customers
 * (coverage gaps: no points that month); about 8 % reported late; one manager who only ever sees
 * the first contact of one class A customer (as seeded, last month only — a visit to that contact
 * this month is invalid by DOMAIN rule 6, which the disputes end-to-end test files and contests).
 */
export function demoVisits(customers: DemoCustomer[], months: string[][], rng: Rng, sameContactManager: string, carelessManagers: readonly string[] = []): DemoVisit[] {
  const visits: DemoVisit[] = [];
  const sameContactCustomer = customers.find((c) => c.manager === sameContactManager && c.class === 'A' && c.contacts.length >= 2)?.groupCode;
  for (const [monthIndex, days] of months.entries()) {
    if (days.length === 0) continue;
    for (const c of customers) {
      // The same-contact customer is visited last month only: this month's first visit to it is the
      // one the README's dispute walk-through (and its e2e test) files and contests.
      if (c.groupCode === sameContactCustomer && monthIndex > 0) continue;
      if (carelessManagers.includes(c.manager) && rng.chance(0.15)) continue; // a coverage gap
      const types: ('on_site' | 'phone')[] =
        c.class === 'A' || c.class === 'B'
          ? ['on_site', ...(rng.chance(0.3) ? (['phone'] as const) : [])]
          : ['phone', ...(monthIndex === 0 || rng.chance(0.35) ? (['on_site'] as const) : [])];
      for (const type of types) {
        const day = rng.pick(days);
        const hour = rng.int(9, 17);
        const minute = rng.pick([0, 10, 15, 20, 30, 40, 45, 50]);
        const contactIndexes =
          c.groupCode === sameContactCustomer ? [0] : c.contacts.length > 1 && rng.chance(0.3) ? [0, rng.int(1, c.contacts.length - 1)] : [rng.int(0, c.contacts.length - 1)];
        visits.push({
          manager: c.manager,
          groupCode: c.groupCode,
          contactIndexes,
          type,
          visitedAt: `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
          reportAfterHours: rng.chance(0.08) ? rng.int(26, 72) : Math.round((0.5 + rng.next() * 18) * 10) / 10,
          purpose: rng.pick(VISIT_PURPOSES),
          checkIn: type === 'phone' ? 'none' : rng.chance(0.7) ? 'gps' : rng.chance(0.5) ? 'qr' : 'none',
        });
      }
    }
  }
  return visits.sort((a, b) => a.visitedAt.localeCompare(b.visitedAt));
}
