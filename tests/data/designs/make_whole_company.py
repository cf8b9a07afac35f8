"""Write whole_company.csv: a deterministic ~1,500-person whole-company export.

The export is what an HR system gives for the whole of "Quillmark", a B2B software
company: everyone from the CEO down, with a ``Department`` column (as Workday or
BambooHR would name it) and a ``Location``. The product organisation under the Chief
Product Officer is healthy except for one planted defect (a Director of Product with
eleven direct reports); everything else is ordinary company structure that an org
designer would not call a product-org problem (see ``whole_company.expected.yaml``).

Run it from anywhere; it rewrites the CSV next to itself and is deterministic (the same
bytes every run)::

    python tests/data/designs/make_whole_company.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "whole_company.csv"
SEED = 2026

# Given names and surnames of one culture each, so that a drawn name is believable.
NAME_POOLS: tuple[tuple[str, str], ...] = (
    # english
    (
        "Oliver Amelia Harry Charlotte George Isla Jack Emily Thomas Grace",
        "Smith|Taylor|Brown|Wilson|Evans|Walker|Hughes|Wright|Robinson|Thompson",
    ),
    # american
    (
        "Ashley Tyler Madison Brandon Megan Kyle Jessica Jordan Lauren Ryan",
        "Johnson|Miller|Davis|Anderson|Jackson|Martin|Thomas|Moore|White|Lewis",
    ),
    # irish
    (
        "Siobhán Aoife Niamh Ciarán Eoin Saoirse Darragh Orla Cian Róisín",
        "O'Brien|Murphy|Kelly|Byrne|Ryan|O'Sullivan|Walsh|Doyle|McCarthy|Gallagher",
    ),
    # yoruba
    (
        "Adebayo Folake Oluwaseun Titilayo Babatunde Funmilayo Damilola Kehinde Temitope Olamide",
        "Adeyemi|Ogunleye|Adebayo|Olawale|Balogun|Adeleke|Ogunbiyi|Akinola|Fashola|Oyelaran",
    ),
    # igbo
    (
        "Chidi Ngozi Chinonso Adaeze Emeka Uchenna Ifeoma Obinna Nneka Chukwuemeka",
        "Okafor|Okonkwo|Eze|Nwosu|Obi|Nwachukwu|Okeke|Anyanwu|Chukwu|Onyekachi",
    ),
    # ghanaian
    (
        "Kwame Akosua Kofi Ama Yaw Abena Kwabena Efua Kojo Adwoa",
        "Mensah|Owusu|Asante|Boateng|Osei|Appiah|Agyeman|Darko|Ofori|Quaye",
    ),
    # kenyan
    (
        "Wanjiru Kamau Achieng Otieno Njeri Mwangi Akinyi Kiprop Wairimu Chebet",
        "Kariuki|Odhiambo|Njoroge|Wambui|Ochieng|Kiplagat|Mutua|Gitau|Onyango|Kimani",
    ),
    # south african
    (
        "Thandiwe Sipho Lerato Themba Naledi Bongani Zanele Mandla Nomvula Kagiso",
        "Ndlovu|Dlamini|Nkosi|Khumalo|Mokoena|Mahlangu|Zulu|Molefe|Mthembu|Sithole",
    ),
    # hindi
    (
        "Priya Arjun Ananya Rohan Kavya Vikram Neha Aditya Pooja Rahul",
        "Sharma|Verma|Gupta|Mehta|Agarwal|Kapoor|Malhotra|Joshi|Saxena|Chopra",
    ),
    # tamil
    (
        "Karthik Divya Arun Lakshmi Senthil Meena Vignesh Revathi Prakash Anitha",
        "Raman|Subramanian|Krishnan|Venkatesan|Natarajan|Balasubramanian|Rajendran|Iyer|Murugan|Sundaram",
    ),
    # telugu
    (
        "Srinivas Sravani Venkat Lavanya Harsha Swathi Kiran Madhavi Ravi Deepika",
        "Reddy|Rao|Naidu|Chowdary|Varma|Raju|Prasad|Kumar|Murthy|Sastry",
    ),
    # bengali
    (
        "Ananya Sourav Riya Arnab Debjani Abhishek Moumita Sayan Tanushree Indranil",
        "Banerjee|Chatterjee|Mukherjee|Bose|Ghosh|Sen|Das|Dutta|Chakraborty|Roy",
    ),
    # punjabi
    (
        "Harpreet Gurpreet Jaspreet Manpreet Amrit Simran Navdeep Rajveer Kiran Baljit",
        "Singh|Kaur|Gill|Sandhu|Dhillon|Grewal|Sidhu|Bains|Brar|Randhawa",
    ),
    # pakistani
    (
        "Ayesha Hamza Fatima Bilal Zainab Usman Sana Imran Hira Faisal",
        "Khan|Qureshi|Siddiqui|Malik|Chaudhry|Sheikh|Butt|Mirza|Raza|Hashmi",
    ),
    # chinese
    (
        "Wei Li Jing Hao Mei Yang Xin Lei Yan Jun",
        "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou",
    ),
    # japanese
    (
        "Yuki Haruto Sakura Ren Aoi Sota Hina Kenji Mei Takumi",
        "Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato",
    ),
    # korean
    (
        "Min-jun Seo-yeon Ji-ho Ha-eun Do-yun Soo-ah Jae-won Yuna Hyun-woo Ji-woo",
        "Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim",
    ),
    # vietnamese
    (
        "Linh Minh Thao Duc Huong Quang Trang Tuan Ngoc Khanh",
        "Nguyen|Tran|Le|Pham|Hoang|Phan|Vu|Dang|Bui|Do",
    ),
    # filipino
    (
        "Maria Jose Angelica Mark Kristine Paolo Rhea Carlo Jasmine Miguel",
        "Santos|Reyes|Cruz|Bautista|Ocampo|Garcia|Mendoza|Villanueva|Aquino|Dela Cruz",
    ),
    # indonesian
    (
        "Putri Budi Dewi Agus Sari Rizky Ayu Hendra Wulan Bayu",
        "Santoso|Wijaya|Pratama|Kusuma|Hidayat|Setiawan|Nugroho|Saputra|Halim|Gunawan",
    ),
    # arabic
    (
        "Omar Layla Youssef Nour Karim Yasmin Tariq Rania Khalid Mariam",
        "Haddad|Khoury|Mansour|Nasser|Saleh|Aziz|Farouk|Hamdan|Rahman|Darwish",
    ),
    # persian
    (
        "Dariush Shirin Reza Parisa Kian Leila Arash Nasrin Babak Mina",
        "Tehrani|Rahimi|Hosseini|Karimi|Moradi|Ahmadi|Jafari|Sadeghi|Farahani|Kazemi",
    ),
    # turkish
    (
        "Emre Elif Burak Zeynep Mehmet Ayşe Can Selin Kerem Deniz",
        "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Aydın|Öztürk|Arslan|Doğan",
    ),
    # hebrew
    (
        "Noa Itai Tamar Yonatan Maya Eitan Shira Omer Yael Gilad",
        "Cohen|Levi|Mizrahi|Peretz|Friedman|Shapiro|Katz|Ben-David|Avraham|Goldberg",
    ),
    # ukrainian
    (
        "Oleksandr Oksana Taras Iryna Bohdan Yulia Andriy Kateryna Mykola Halyna",
        "Shevchenko|Kovalenko|Bondarenko|Tkachenko|Kravchenko|Melnyk|Boyko|Hrytsenko|Lysenko|Savchenko",
    ),
    # german
    (
        "Lukas Anna Felix Lena Maximilian Laura Jonas Julia Tobias Katrin",
        "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Hoffmann|Schäfer",
    ),
    # dutch
    (
        "Daan Sanne Bram Femke Joost Lotte Sem Anouk Ruben Eva",
        "de Jong|Jansen|de Vries|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder",
    ),
    # french
    (
        "Camille Louis Chloé Hugo Manon Théo Léa Mathieu Élodie Antoine",
        "Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau",
    ),
    # spanish
    (
        "Lucía Javier Carmen Alejandro Marta Pablo Elena Sergio Paula Álvaro",
        "García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Ruiz",
    ),
    # portuguese
    (
        "João Inês Tiago Beatriz Rui Mariana Duarte Catarina Nuno Sofia",
        "Silva|Santos|Ferreira|Pereira|Oliveira|Costa|Rodrigues|Martins|Sousa|Carvalho",
    ),
    # brazilian
    (
        "Gabriel Larissa Rafael Fernanda Lucas Camila Thiago Juliana Bruno Amanda",
        "Souza|Lima|Alves|Ribeiro|Barbosa|Araújo|Cardoso|Rocha|Nascimento|Moreira",
    ),
    # mexican
    (
        "Alejandra Diego Valeria Luis Ximena Emiliano Daniela Andrés Regina Santiago",
        "Hernández|Ramírez|Torres|Flores|Rivera|Morales|Cruz|Ortiz|Gutiérrez|Chávez",
    ),
    # italian
    (
        "Giulia Marco Francesca Alessandro Chiara Matteo Sara Lorenzo Elisa Davide",
        "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco",
    ),
    # swedish
    (
        "Erik Astrid Lars Ingrid Johan Sofia Anders Elin Björn Maja",
        "Andersson|Johansson|Karlsson|Nilsson|Eriksson|Lindqvist|Lindberg|Svensson|Bergström|Holm",
    ),
    # norwegian
    (
        "Håkon Ingvild Sindre Silje Eirik Kari Magnus Tuva Øystein Ragnhild",
        "Hansen|Johansen|Olsen|Larsen|Andersen|Halvorsen|Berg|Haugen|Solberg|Dahl",
    ),
    # finnish
    (
        "Aino Juha Eveliina Mikko Sanna Antti Laura Ville Heidi Jussi",
        "Virtanen|Korhonen|Mäkinen|Nieminen|Mäkelä|Hämäläinen|Laine|Heikkinen|Koskinen|Järvinen",
    ),
    # hungarian
    (
        "Bence Réka Gergő Zsófia Dániel Eszter Ádám Anna Levente Dóra",
        "Nagy|Kovács|Tóth|Szabó|Horváth|Varga|Kiss|Molnár|Németh|Farkas",
    ),
    # egyptian
    (
        "Ahmed Mona Mostafa Dina Amr Heba Sherif Nada Hossam Salma",
        "Mahmoud|Ibrahim|Hassan|Abdelrahman|Fathy|ElSayed|Mostafa|Kamal|Shaker|Gaber",
    ),
    # ethiopian
    (
        "Abebe Selam Dawit Hiwot Yonas Meron Tesfaye Bethlehem Henok Liya",
        "Tadesse|Bekele|Haile|Girma|Alemu|Mengistu|Tesfaye|Wolde|Kebede|Assefa",
    ),
    # jamaican
    (
        "Andre Shanice Jermaine Tanisha Marlon Kimberly Delroy Shantel Omari Nadine",
        "Campbell|Brown|Williams|Clarke|Grant|Reid|Francis|Henry|Gordon|Bailey",
    ),
    # chilean
    (
        "Catalina Matías Javiera Benjamín Constanza Vicente Antonia Joaquín Francisca Tomás",
        "Muñoz|Rojas|Díaz|Soto|Contreras|Silva|Sepúlveda|Morales|Espinoza|Valenzuela",
    ),
    # thai
    (
        "Somchai Pimchanok Anan Siriporn Kittisak Nattaya Prasert Waraporn Thanawat Supaporn",
        "Srisuk|Charoenkul|Wongsawat|Rattanakorn|Chaiyaporn|Boonmee|Sukprasert|Thongdee|Kaewkham|Suwannarat",
    ),
)

CITIES = ("Austin", "Chicago", "Dublin", "London", "Toronto", "Bengaluru", "Singapore", "Remote")

ENGINEERS = (
    "Software Engineer",
    "Software Engineer II",
    "Senior Software Engineer",
    "Senior Software Engineer",
    "Staff Software Engineer",
    "Backend Engineer",
    "Frontend Engineer",
    "Full Stack Developer",
    "Site Reliability Engineer",
    "QA Engineer",
    "SDET II",
    "Mobile Engineer (iOS)",
    "Android Developer",
    "Security Engineer",
    "DevOps Engineer",
)


class Company:
    """People in the order they are added (managers before their reports)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: list[dict[str, str]] = []
        self.used: set[str] = set()
        self.pools = [(first.split(), last.split("|")) for first, last in NAME_POOLS]

    def name(self) -> str:
        while True:
            firsts, lasts = self.rng.choice(self.pools)
            candidate = f"{self.rng.choice(firsts)} {self.rng.choice(lasts)}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate

    def add(self, title: str, manager: str | None, department: str) -> str:
        pid = f"W{len(self.rows) + 10001}"
        self.rows.append(
            {
                "id": pid,
                "name": self.name(),
                "title": title,
                "manager_id": manager or "",
                "Department": department,
                "Location": self.rng.choice(CITIES),
            }
        )
        return pid

    def team(self, manager: str, department: str, titles: tuple[str, ...], size: int) -> None:
        for _ in range(size):
            self.add(self.rng.choice(titles), manager, department)


def product(c: Company, cpo: str) -> None:
    """The product organisation: PMs, product ops and design under the CPO."""
    pm = "Product Management"
    # VP -> Directors, each with the team sizes of their Group PMs and their own ICs;
    # None instead of sizes marks the planted defect (PMs straight under the Director)
    lines: dict[str, list[tuple[str, list[int] | None, list[str]]]] = {
        "VP of Product, Core": [
            ("Director of Product, Documents", [4, 3], ["Senior Product Manager"]),
            ("Director of Product, Collaboration", [3, 3], ["Principal Product Manager"]),
            ("Director of Product, Mobile", [4], ["Senior Product Manager", "Product Manager"]),
        ],
        "VP of Product, Growth & Monetisation": [
            ("Director of Product, Growth", None, []),
            ("Director of Product, Billing", [3, 4], ["Staff Product Manager"]),
        ],
        "VP of Product, Platform": [
            ("Director of Product, Developer Platform", [3, 3], ["Senior Product Manager"]),
            ("Director of Product, Data & AI", [4, 3], ["Principal Product Manager"]),
        ],
    }
    for vp_title, directors in lines.items():
        vp = c.add(vp_title, cpo, pm)
        for director_title, gpms, seniors in directors:
            director = c.add(director_title, vp, pm)
            if gpms is None:  # the planted defect: eleven PMs straight under a Director
                for _ in range(11):
                    c.add(c.rng.choice(("Product Manager", "Product Manager II")), director, pm)
                continue
            for size in gpms:
                gpm = c.add("Group Product Manager", director, pm)
                for _ in range(size):
                    title = c.rng.choice(
                        ("Product Manager", "Product Manager", "Senior Product Manager")
                    )
                    c.add(title, gpm, pm)
            for title in seniors:
                c.add(title, director, pm)
    ops = c.add("Director of Product Operations", cpo, "Product Operations")
    c.team(ops, "Product Operations", ("Product Operations Manager",), 2)
    c.team(ops, "Product Operations", ("Product Operations Analyst",), 2)
    design = c.add("VP of Design", cpo, "Design")
    for area in ("Core", "Growth", "Platform", "Mobile", "Brand & Web"):
        manager = c.add(f"Design Manager, {area}", design, "Design")
        c.team(
            manager,
            "Design",
            ("Product Designer", "Senior Product Designer", "UX Designer", "Visual Designer"),
            6,
        )
    research = c.add("UX Research Manager", design, "Design")
    c.team(research, "Design", ("UX Researcher", "Senior UX Researcher"), 4)


def engineering(c: Company, cto: str) -> None:
    """Engineering and data: about 520 people under the CTO."""
    for vp_area, directors in (
        ("Product Engineering", 5),
        ("Platform Engineering", 5),
        ("Infrastructure", 3),
    ):
        vp = c.add(f"VP of Engineering, {vp_area}", cto, "Engineering")
        for k in range(directors):
            director = c.add(f"Director of Engineering, {vp_area} {k + 1}", vp, "Engineering")
            for _ in range(c.rng.randint(5, 6)):
                em = c.add(
                    c.rng.choice(("Engineering Manager", "Senior Engineering Manager")),
                    director,
                    "Engineering",
                )
                c.team(em, "Engineering", ENGINEERS, c.rng.randint(6, 9))
    data = c.add("VP of Data", cto, "Data")
    for area in ("Analytics", "Data Science", "Data Engineering"):
        manager = c.add(f"{area} Manager", data, "Data")
        c.team(
            manager,
            "Data",
            ("Data Analyst", "Senior Data Scientist", "Data Scientist", "Analytics Engineer"),
            c.rng.randint(9, 12),
        )


def sales(c: Company, cro: str) -> None:
    """Sales: regional teams of account executives, SDRs and solutions engineers."""
    for region in ("North America", "EMEA", "APAC"):
        vp = c.add(f"VP of Sales, {region}", cro, "Sales")
        for k in range(3 if region == "North America" else 2):
            rd = c.add(f"Regional Sales Director, {region} {k + 1}", vp, "Sales")
            for _ in range(3):
                manager = c.add("Sales Manager", rd, "Sales")
                c.team(
                    manager,
                    "Sales",
                    (
                        "Account Executive",
                        "Senior Account Executive",
                        "Enterprise Account Executive",
                    ),
                    c.rng.randint(10, 13),
                )
        sdr = c.add(f"SDR Manager, {region}", vp, "Sales")
        c.team(sdr, "Sales", ("Sales Development Representative", "BDR"), c.rng.randint(12, 15))
        se = c.add(f"Manager, Solutions Engineering, {region}", vp, "Sales")
        c.team(se, "Sales", ("Solutions Engineer", "Senior Sales Engineer"), c.rng.randint(5, 8))
    ops = c.add("Director of Revenue Operations", cro, "Sales")
    c.team(ops, "Sales", ("Revenue Operations Analyst", "Sales Operations Manager"), 6)


def customer(c: Company, cco: str) -> None:
    """Customer success and support: wide teams of agents, as support centres run them."""
    support = c.add("VP of Customer Support", cco, "Customer Success")
    for tier in ("Tier 1", "Tier 1", "Tier 1", "Tier 1", "Tier 2", "Tier 2", "Tier 2", "Tier 3"):
        lead = c.add(f"Support Team Lead, {tier}", support, "Customer Success")
        c.team(
            lead,
            "Customer Success",
            ("Customer Support Specialist", "Technical Support Engineer", "Support Agent"),
            c.rng.randint(13, 16),
        )
    success = c.add("VP of Customer Success", cco, "Customer Success")
    for segment in ("Enterprise", "Mid-Market", "SMB", "Strategic"):
        manager = c.add(f"Customer Success Manager Lead, {segment}", success, "Customer Success")
        c.team(
            manager,
            "Customer Success",
            ("Customer Success Manager", "Senior Customer Success Manager"),
            c.rng.randint(8, 11),
        )
    services = c.add("Director of Professional Services", cco, "Customer Success")
    c.team(services, "Customer Success", ("Implementation Consultant", "Solutions Architect"), 10)


def marketing(c: Company, cmo: str) -> None:
    """Marketing, product marketing included."""
    for team, titles, size in (
        (
            "Product Marketing",
            ("Product Marketing Manager", "Senior Product Marketing Manager"),
            14,
        ),
        ("Demand Generation", ("Demand Generation Manager", "Marketing Operations Specialist"), 16),
        ("Brand & Content", ("Content Marketing Manager", "Copywriter", "Brand Designer"), 14),
        ("Field & Events", ("Event Marketing Manager", "Field Marketing Manager"), 12),
        ("Communications", ("PR Manager", "Communications Specialist"), 5),
    ):
        director = c.add(f"Director of {team}", cmo, "Marketing")
        managers = 2 if size > 6 else 1  # spans of 6 to 8
        for _ in range(managers):
            manager = c.add(f"{team} Manager", director, "Marketing")
            c.team(manager, "Marketing", titles, size // managers)
        c.add(titles[-1], director, "Marketing")


def back_office(c: Company, ceo: str) -> None:
    """Finance, people, legal and IT."""
    for chief, department, teams in (
        (
            "Chief Financial Officer",
            "Finance",
            (
                ("Controller", ("Staff Accountant", "Senior Accountant", "AP Specialist"), 9),
                ("Director of FP&A", ("Financial Analyst", "Senior Financial Analyst"), 7),
                ("Director of Tax", ("Tax Analyst", "Tax Manager"), 4),
                ("Procurement Manager", ("Procurement Specialist", "Buyer"), 4),
            ),
        ),
        (
            "Chief People Officer",
            "People",
            (
                ("Director of Talent Acquisition", ("Technical Recruiter", "Recruiter"), 10),
                ("HR Business Partner Lead", ("HR Business Partner", "People Partner"), 6),
                ("Total Rewards Manager", ("Compensation Analyst", "Benefits Specialist"), 4),
                ("People Operations Manager", ("People Operations Specialist",), 4),
            ),
        ),
        (
            "General Counsel",
            "Legal",
            (
                ("Associate General Counsel", ("Corporate Counsel", "Paralegal"), 4),
                ("Privacy Counsel", ("Privacy Analyst", "Compliance Analyst"), 3),
            ),
        ),
        (
            "VP of IT",
            "IT",
            (
                ("IT Manager", ("IT Support Specialist", "Systems Administrator"), 9),
                ("Director of Security", ("Security Analyst", "GRC Analyst"), 6),
                ("Business Systems Manager", ("Business Systems Analyst", "Salesforce Admin"), 6),
            ),
        ),
    ):
        head = c.add(chief, ceo, department)
        for manager_title, titles, size in teams:
            manager = c.add(manager_title, head, department)
            c.team(manager, department, titles, size)


def build() -> list[dict[str, str]]:
    """Every row of the export, managers before their reports."""
    c = Company(SEED)
    ceo = c.add("Chief Executive Officer", None, "Executive")
    c.add("Executive Assistant to the CEO", ceo, "Executive")
    product(c, c.add("Chief Product Officer", ceo, "Product Management"))
    engineering(c, c.add("Chief Technology Officer", ceo, "Engineering"))
    sales(c, c.add("Chief Revenue Officer", ceo, "Sales"))
    customer(c, c.add("Chief Customer Officer", ceo, "Customer Success"))
    marketing(c, c.add("Chief Marketing Officer", ceo, "Marketing"))
    back_office(c, ceo)
    return c.rows


def main() -> None:
    rows = build()
    with OUTPUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} people to {OUTPUT.name}")


if __name__ == "__main__":
    main()
