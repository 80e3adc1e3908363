// Full-portfolio rescreen (issue 15 "Screening", Speed): 100,000 client names against 50,000 list
// entries with the app's matcher (app/domain/screening/matcher.ts): building the blocked index,
// then screening every name. Target: ≤ 60 s on this machine. Names are generated from Chinese
// romanised, Spanish and Portuguese business-name parts and legal forms (seeded, so every run
// screens the same names); 1 % of clients are planted as variants of a listed name (another legal
// form, accents dropped, one letter changed) and the recall on them is printed. The reference,
// measured in the same run between rounds, is the normalisation of the same 150,000 names alone
// (how fast and how loaded the machine is).
//
//   npx tsx bench/screening.ts [clients] [entries] [rounds]   (default 100000 50000 3)
import { buildIndex, screenName, type ScreeningEntry } from "~/domain/screening/matcher";
import { normaliseName } from "~/domain/screening/normalise";

const TARGET_SECONDS = 60;
const clientsN = Number(process.argv[2] ?? 100_000);
const entriesN = Number(process.argv[3] ?? 50_000);
const ROUNDS = Number(process.argv[4] ?? 3);

let state = 20261202;
const rand = () => {
  state = (state * 1664525 + 1013904223) >>> 0;
  return state / 2 ** 32;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const PLACES = ["Xinjiang", "Guangdong", "Zhejiang", "Shandong", "Jiangsu", "Hebei", "Fujian", "Anhui", "Henan", "Hubei", "Hunan", "Sichuan", "Yunnan", "Shaanxi", "Gansu", "Ningbo", "Shenzhen", "Qingdao", "Xiamen", "Urumqi", "Hotan", "Kashgar", "Aksu", "Turpan"];
const SYLL = ["zhong", "xin", "hua", "tai", "long", "feng", "da", "sheng", "jin", "hong", "tian", "shan", "bao", "kang", "rui", "heng", "yuan", "li", "ming", "an", "de", "fu", "guang", "hai", "jia", "kai", "lian", "mei", "nan", "ping", "qi", "run", "shun", "tong", "wei", "xiang", "yi", "zhi", "chang", "cheng", "dong", "hao", "hui", "jun", "lu", "qing", "sen", "wan", "xing", "yong"];
const CN_TRADES = ["Textile", "Cotton", "Silicon Industry", "Aluminium", "Chemical", "Seafood Processing", "Garment", "Trading", "Technology", "Steel", "Polysilicon", "Tomato Products", "Electronics", "Photovoltaic", "Agricultural Development", "Food", "Copper", "Lithium", "PVC Materials", "Red Dates"];
const CN_FORMS = ["Co., Ltd.", "Group Co., Ltd.", "Company Limited", "Industrial Co., Ltd.", "Co. Ltd"];
const SURNAMES = ["García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Gutiérrez", "Ortiz", "Chávez", "Ruiz", "Mendoza", "Aguilar", "Castillo", "Jiménez", "Vargas", "Romero", "Herrera", "Medina", "Castro", "Vázquez", "Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Ferreira", "Almeida", "Costa", "Carvalho", "Ribeiro", "Martins", "Rocha", "Barbosa", "Araújo", "Cardoso", "Nascimento", "Moreira", "Teixeira", "Quispe", "Mamani", "Huamán", "Condori", "Sandoval", "Navarro", "Salazar", "Fuentes", "Espinoza", "Valdez"];
const ES_TRADES = ["Agrícola", "Textiles", "Comercializadora", "Pesquera", "Constructora", "Transportes", "Confecciones", "Minera", "Agropecuaria", "Maquiladora", "Exportadora", "Avícola", "Cafetalera", "Azucarera", "Ladrillera", "Hortícola", "Frutícola", "Industrias", "Servicios Agrícolas", "Procesadora"];
const ES_WORDS = ["del Norte", "del Sur", "del Pacífico", "Andina", "Los Altos", "San José", "Santa Rosa", "El Roble", "La Esperanza", "Río Bravo", "del Bajío", "Sierra Madre", "Valle Verde", "Las Palmas", "San Miguel", "Tierra Fértil", "El Progreso", "Nueva Era", "Monte Azul", "La Victoria"];
const ES_FORMS = ["S.A. de C.V.", "S. de R.L. de C.V.", "S.A.", "S.A.C.", "S.A.S.", "Ltda.", "S.R.L.", "S.A.P.I. de C.V."];
const BR_FIRST = ["Fazenda", "Sítio", "Carvoaria", "Agropecuária", "Comércio de Madeiras", "Usina", "Cerâmica", "Confecções", "Agroindustrial", "Granja"];
const SAINTS = ["São José", "Santa Maria", "São João", "Boa Vista", "Bela Vista", "Santo Antônio", "Nossa Senhora Aparecida", "Três Irmãos", "Bom Jesus", "Primavera", "Esperança", "Santa Fé", "Rio Verde", "Serra Azul"];
const BR_FORMS = ["Ltda", "Ltda. - ME", "EIRELI", "ME", "EPP", "S.A."];
const GIVEN = ["José", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos", "Maria", "Ana", "Juan", "Luis", "Miguel", "Jorge", "Rosa", "Carmen"];

function companyName(): { name: string; country: string } {
  const r = rand();
  if (r < 0.4) {
    const brand = `${pick(SYLL)}${pick(SYLL)}`;
    return { name: `${pick(PLACES)} ${brand[0]!.toUpperCase()}${brand.slice(1)} ${pick(CN_TRADES)} ${pick(CN_FORMS)}`, country: "CN" };
  }
  if (r < 0.75) return { name: `${pick(ES_TRADES)} ${pick(SURNAMES)} ${rand() < 0.5 ? pick(SURNAMES) : pick(ES_WORDS)} ${pick(ES_FORMS)}`, country: pick(["MX", "PE", "GT", "CO", "HN", "EC"]) };
  if (r < 0.92) return { name: `${pick(BR_FIRST)} ${pick(SAINTS)} ${pick(SURNAMES)} ${pick(BR_FORMS)}`, country: "BR" };
  return { name: `${pick(GIVEN)} ${pick(["da", "de", "dos"])} ${pick(SURNAMES)} ${pick(SURNAMES)}`, country: "BR" };
}

function variant(name: string): string {
  const forms: Array<(s: string) => string> = [
    (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase(),
    (s) => s.replace(/,? (Co\., Ltd\.|Group Co\., Ltd\.|Company Limited|Industrial Co\., Ltd\.|Co\. Ltd|S\.A\. de C\.V\.|S\. de R\.L\. de C\.V\.|S\.A\.C\.|S\.A\.S\.|Ltda\.?( - ME)?|EIRELI|ME|EPP|S\.A\.|S\.R\.L\.|S\.A\.P\.I\. de C\.V\.)$/, " LLC"),
    (s) => {
      const i = Math.floor(s.length / 2) + Math.floor(rand() * (s.length / 3));
      return s.slice(0, i) + (s[i] === "e" ? "a" : "e") + s.slice(i + 1);
    },
  ];
  return pick(forms)(name);
}

const entries: ScreeningEntry[] = Array.from({ length: entriesN }, (_, i) => {
  const c = companyName();
  return { key: `e${i}`, listId: i % 3 === 0 ? "br" : "us", name: c.name, aliases: rand() < 0.2 ? [companyName().name] : [], country: c.country, listedDate: "2024-06-11" };
});
const planted = new Map<number, string>();
const subjects = Array.from({ length: clientsN }, (_, i) => {
  if (i % 100 === 0) {
    const e = entries[Math.floor(rand() * entries.length)]!;
    planted.set(i, e.key);
    return { name: variant(e.name), country: e.country };
  }
  return companyName();
});
const allNames = [...entries.map((e) => e.name), ...subjects.map((s) => s.name)];

type Run = { cpu: number; wall: number; hits: number; recall: number; compared: number };
function rescreen(): Run {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const index = buildIndex(entries);
  let hits = 0;
  let found = 0;
  for (let i = 0; i < subjects.length; i++) {
    const matches = screenName(index, subjects[i]!);
    hits += matches.length;
    const want = planted.get(i);
    if (want && matches.some((m) => m.entry.key === want)) found++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / 1e6, wall: (performance.now() - wall0) / 1000, hits, recall: found / planted.size, compared: index.variants.length };
}

let sink = 0;
function reference(): { cpu: number; wall: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (const n of allNames) sink += normaliseName(n).compact.length;
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / 1e6, wall: (performance.now() - wall0) / 1000 };
}

const runs: Run[] = [];
const refs: Array<{ cpu: number; wall: number }> = [];
for (let r = 0; r < ROUNDS; r++) {
  refs.push(reference());
  runs.push(rescreen());
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (s: number) => `${s.toFixed(2)} s`;
const wall = median(runs.map((r) => r.wall));
const last = runs[runs.length - 1]!;
console.log(`screening: full-portfolio rescreen, ${clientsN.toLocaleString("en")} client names × ${entriesN.toLocaleString("en")} list entries (${last.compared.toLocaleString("en")} indexed spellings), median of ${ROUNDS} rounds, one core`);
console.log(`  rescreen (index build + every name screened): ${fmt(wall)} wall clock, ${fmt(median(runs.map((r) => r.cpu)))} CPU`);
console.log(`  potential matches reported: ${last.hits.toLocaleString("en")}; recall on ${planted.size} planted variants: ${(last.recall * 100).toFixed(1)} %`);
console.log(`  reference, normalising the same ${allNames.length.toLocaleString("en")} names alone: ${fmt(median(refs.map((r) => r.wall)))} wall clock, ${fmt(median(refs.map((r) => r.cpu)))} CPU (how fast and how loaded the machine is)`);
console.log(`  target ≤ ${TARGET_SECONDS} s: ${wall <= TARGET_SECONDS ? "met" : "NOT met"} [checksum ${sink}]`);
